import { CancellationScope, deprecatePatch } from '@temporalio/workflow';
import type { ResourceSpec } from '../engine/source-spec';
import type { ResourceOutcome } from '../engine/sync-types';

/**
 * Syncs started before this patch never recorded a skipped resource's ending, so `_sluice_loads` and `sluice runs`
 * showed it as running forever. Since, each skipped resource is recorded as skipped, with its reason. Deprecated, like
 * the source workflow's patches (see sync-source.ts): syncs started before it can no longer run.
 */
export const SKIPS_RECORDED_PATCH = 'skipped-resources-recorded';

/** Records every skipped resource's ending through `finish`, even while the sync is being cancelled. */
export async function recordSkips(
  resources: ResourceSpec[],
  outcomes: Record<string, ResourceOutcome>,
  finish: (resource: ResourceSpec, outcome: ResourceOutcome) => Promise<void>,
): Promise<void> {
  deprecatePatch(SKIPS_RECORDED_PATCH);
  const skipped = resources.filter((resource) => outcomes[resource.name]?.status === 'skipped');
  await CancellationScope.nonCancellable(() =>
    Promise.all(skipped.map((resource) => finish(resource, outcomes[resource.name]!))),
  );
}
