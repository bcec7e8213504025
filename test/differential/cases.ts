import type { DifferentialCase } from './case';
import { DISPOSITION_CASES } from './cases-dispositions';
import { OPTION_CASES } from './cases-options';
import { PAGINATOR_CASES } from './cases-paginators';
import { PARENT_CASES } from './cases-parents';
import { PROBE_CASES } from './cases-probes';
import { RECORD_CASES } from './cases-records';
import { VALUE_CASES } from './cases-values';

/** Every config of the differential suite. */
export const CASES: DifferentialCase[] = [
  ...PAGINATOR_CASES,
  ...RECORD_CASES,
  ...PARENT_CASES,
  ...DISPOSITION_CASES,
  ...VALUE_CASES,
  ...OPTION_CASES,
  ...PROBE_CASES,
];
