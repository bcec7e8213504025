import { CancellationScope, executeChild, isCancellation } from '@temporalio/workflow';
import { SLUICE_DATASET, SLUICE_RESOURCE, SLUICE_SOURCE } from '../engine/search-attributes';
import type { ResourceSpec } from '../engine/source-spec';
import type { ResourceOutcome, SyncSourceInput } from '../engine/sync-types';
import { bookkeeping } from './bookkeeping';
import { committedCounts } from './committed-counts';
import { failureMessage } from './failure-cause';
import type { ResourceBoard } from './schedule-resources';
import type { StartedLoad } from './start-load';
import type { SyncProgress } from './sync-progress';
import { syncResource } from './sync-resource';

/** The child workflow ID of a resource: derived from the source workflow's ID, so re-runs find it. */
export function resourceWorkflowId(sourceWorkflowId: string, resource: string): string {
  return `${sourceWorkflowId}/${resource}`;
}

/** What running one resource of a source needs from the source workflow. */
export interface ResourceRunContext {
  input: SyncSourceInput;
  /** The source workflow's ID, from which each resource's workflow ID is derived. */
  workflowId: string;
  load: StartedLoad;
  board: ResourceBoard;
  progress: SyncProgress;
}

/** Records a resource's ending in the load (`_sluice_loads`), and swaps a replaced table in. */
export function finishResourceLoad(
  { input, load }: ResourceRunContext,
  resource: ResourceSpec,
  outcome: ResourceOutcome,
): Promise<void> {
  return bookkeeping().finishResource({
    sourceName: input.source.name,
    destination: input.destination,
    loadId: load.loadId,
    table: resource.table,
    outcome,
    startedAt: load.startedAt,
    finishedAt: new Date().toISOString(),
  });
}

/**
 * Runs a resource's workflow to its outcome, which a failure or a cancellation also is, then records its ending in
 * the load even while the sync is being cancelled. The outcome is on the board as soon as it is known, so that a
 * merging or appending parent's children can start while its ending is recorded; the board marks the resource
 * finished once it is.
 */
export async function runResource(ctx: ResourceRunContext, resource: ResourceSpec): Promise<void> {
  const { input, load, board, progress } = ctx;
  const { source, destination } = input;
  progress.update(resource.name, { state: 'running' });
  progress.show();
  const parentTable = resource.parent
    ? source.resources.find((r) => r.name === resource.parent!.resource)?.table
    : undefined;
  const resumed = load.resumedCounts[resource.table.resource];
  let outcome: ResourceOutcome;
  try {
    outcome = await executeChild(syncResource, {
      workflowId: resourceWorkflowId(ctx.workflowId, resource.name),
      staticSummary: `${source.name} → ${resource.table.tableName} (${resource.table.writeDisposition})`,
      typedSearchAttributes: [
        { key: SLUICE_DATASET, value: destination.dataset },
        { key: SLUICE_SOURCE, value: source.name },
        { key: SLUICE_RESOURCE, value: resource.name },
      ],
      args: [
        {
          sourceName: source.name,
          client: source.client,
          resource,
          parentTable,
          destination,
          loadId: load.loadId,
          ...(resumed ? { counts: { skippedPages: 0, partitions: 0, ...resumed } } : {}),
          pagesPerActivity: input.pagesPerActivity,
          prefetchWindow: input.prefetchWindow,
          continueAsNewAfter: input.continueAsNewAfter,
        },
      ],
    });
  } catch (error) {
    const cancelled = isCancellation(error);
    // The batch that failed committed pages it never reported: the checkpoints know them.
    const committed = (await committedCounts(destination, load.loadId, [resource.table.resource]))[
      resource.table.resource
    ];
    outcome = {
      ...progress.rows.get(resource.name)!,
      ...committed,
      status: cancelled ? 'cancelled' : 'failed',
      error: cancelled ? 'cancelled' : failureMessage(error),
    };
  }
  board.outcomes[resource.name] = outcome;
  board.changes += 1;
  progress.update(resource.name, { ...outcome, state: outcome.status });
  progress.show();
  await CancellationScope.nonCancellable(() => finishResourceLoad(ctx, resource, outcome));
  board.finished.add(resource.name);
}
