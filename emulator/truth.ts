import { ANALYTICS_RESOURCES } from './analytics-datasets';
import { boxTruth } from './box-truth';
import { allRecords } from './collection';
import type { Datasets } from './datasets';
import { keyBy, type TruthTable } from './truth-table';

/** The five reference seeds the emulator serves. */
export type SeedId = '000' | '001' | '002' | '003' | '004';

const SEEDS: readonly SeedId[] = ['000', '001', '002', '003', '004'];

/**
 * The exact records a correct sync of a seed loads, per resource name of the seed's config, keyed by the config's
 * primary key (`file_id` for 000 and 001, `id` otherwise).
 */
export function groundTruth(datasets: Datasets, seed: SeedId): Record<string, TruthTable> {
  switch (seed) {
    case '000':
      return { files: keyBy(allRecords(datasets.files), 'file_id') };
    case '001':
      return { cloud_storage_files: keyBy(allRecords(datasets.files), 'file_id') };
    case '002':
      return boxTruth(datasets.box);
    case '003':
      return Object.fromEntries(ANALYTICS_RESOURCES.map((name) => [name, keyBy(allRecords(datasets.analytics[name]))]));
    case '004':
      return { resource_name: keyBy(allRecords(datasets.resource)) };
    default:
      throw new RangeError(`unknown seed ${JSON.stringify(seed)}; known: ${SEEDS.join(', ')}`);
  }
}
