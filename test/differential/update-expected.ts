/**
 * `node --import tsx test/differential/update-expected.ts REPORT.json` rewrites expected-differences.json from a
 * report written by the differential suite (SLUICE_DIFFERENTIAL_REPORT=REPORT.json), after a fix closed or changed a
 * difference. Review the result: every changed entry needs its `why` written again.
 */
import { readFileSync } from 'node:fs';
import { writeExpectedDifferences } from './expected-differences';

const report = process.argv[2];
if (!report) throw new Error('usage: update-expected.ts REPORT.json');
writeExpectedDifferences(JSON.parse(readFileSync(report, 'utf8')) as Record<string, string[]>);
