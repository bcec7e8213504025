import { CancellationScope, deprecatePatch } from '@temporalio/workflow';
import type { ResourceSpec } from '../engine/source-spec';
import type { ResourceOutcome } from '../engine/sync-types';
import { SKIPS_RECORDED_PATCH } from './retired-patches';

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
