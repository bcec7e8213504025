import { ANALYTICS_RESOURCES, analyticsDataset, type AnalyticsResource } from './analytics-datasets';
import { createBoxDataset, type BoxDataset } from './box-dataset';
import type { Collection } from './collection';
import type { EmulatorSizes } from './emulator-options';
import { filesDataset, resourceDataset } from './flat-datasets';

/** Every dataset the emulator serves, shared by its routes and its ground truth. */
export interface Datasets {
  /** Seeds 000 and 001. */
  files: Collection;
  /** Seed 004. */
  resource: Collection;
  /** Seed 003, by resource name. */
  analytics: Record<AnalyticsResource, Collection>;
  /** Seed 002. */
  box: BoxDataset;
}

/** Builds the datasets for a seed and sizes; records are generated only when asked for. */
export function createDatasets(seed: number, sizes: EmulatorSizes): Datasets {
  const analytics = Object.fromEntries(
    ANALYTICS_RESOURCES.map((name) => [name, analyticsDataset(seed, name, sizes[`v2_${name}`])]),
  ) as Record<AnalyticsResource, Collection>;
  return {
    files: filesDataset(seed, sizes.files),
    resource: resourceDataset(seed, sizes.resource),
    analytics,
    box: createBoxDataset(seed, sizes),
  };
}
