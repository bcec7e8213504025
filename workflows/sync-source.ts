import { CancellationScope, deprecatePatch, workflowInfo } from '@temporalio/workflow';
import type { SyncSourceInput, SyncSourceResult } from '../engine/sync-types';
import { recordSkips } from './record-skips';
import { COUNTS_FROM_CHECKPOINTS_PATCH, GATED_CHILDREN_PATCH, TRUTHFUL_STATUS_PATCH } from './retired-patches';
import { finishResourceLoad, runResource, type ResourceRunContext } from './run-resource';
import { scheduleResources, type ResourceBoard } from './schedule-resources';
import { startLoad } from './start-load';
import { endSync } from './sync-outcome';
import { trackSyncProgress } from './sync-progress';

export { resourceWorkflowId } from './run-resource';

/**
 * Syncs a whole source: starts or resumes a load, then runs one child workflow per resource, parents before their
 * children and independent resources in parallel. Reports which resources completed and which failed.
 */
export async function syncSource(input: SyncSourceInput): Promise<SyncSourceResult> {
  const { source } = input;
  const info = workflowInfo();
  const root = CancellationScope.current();
  deprecatePatch(TRUTHFUL_STATUS_PATCH);
  deprecatePatch(GATED_CHILDREN_PATCH);
  deprecatePatch(COUNTS_FROM_CHECKPOINTS_PATCH);
  const board: ResourceBoard = { outcomes: {}, finished: new Set(), changes: 0 };
  const progress = trackSyncProgress(source.resources, info.workflowId, () => {
    board.changes += 1;
  });

  const load = await startLoad(input, info.taskQueue);
  for (const resource of source.resources) {
    const committed = load.resumedCounts[resource.table.resource];
    if (committed) progress.update(resource.name, committed);
  }
  if (load.resumed) progress.show();

  const ctx: ResourceRunContext = { input, workflowId: info.workflowId, load, board, progress };
  await scheduleResources(source.resources, board, progress, (resource) => runResource(ctx, resource));
  await recordSkips(source.resources, board.outcomes, (resource, outcome) =>
    finishResourceLoad(ctx, resource, outcome),
  );
  return endSync(source, load, board.outcomes, progress, root.consideredCancelled);
}
