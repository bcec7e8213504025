import type { TableSpec } from '../engine/destinations/destination';
import type { DestinationRef, ResourceOutcome } from '../engine/sync-types';
import type { DestinationPool } from './destination-pool';

/** Input of `beginLoad`. */
export interface BeginLoadInput {
  sourceName: string;
  destination: DestinationRef;
  resources: string[];
  /** The id to use when no unfinished load is resumed. */
  newLoadId: string;
  fullRefresh: boolean;
  startedAt: string;
}

/** Output of `beginLoad`: the load to run, and whether it resumes an unfinished one. */
export interface BeginLoadResult {
  loadId: string;
  resumed: boolean;
}

/**
 * Starts a load, or resumes the source's last one if it did not complete, so that a re-run continues every resource
 * from its checkpoint instead of starting over.
 */
export async function beginLoad(pool: DestinationPool, input: BeginLoadInput): Promise<BeginLoadResult> {
  const destination = await pool.get(input.destination);
  const previous = (await destination.listLoads(1000)).filter((load) => load.source === input.sourceName);
  const latestId = previous[0]?.loadId;
  const unfinished =
    latestId !== undefined && previous.some((load) => load.loadId === latestId && load.status !== 'completed');
  if (unfinished && !input.fullRefresh) {
    for (const load of previous.filter((l) => l.loadId === latestId && l.status !== 'completed')) {
      // The row now stands for this run's attempt; how earlier attempts ended stays in `_sluice_attempts`.
      const attempt = {
        status: 'running' as const,
        startedAt: input.startedAt,
        finishedAt: undefined,
        error: undefined,
      };
      await destination.beginLoad({ ...load, ...attempt });
    }
    return { loadId: latestId, resumed: true };
  }
  for (const resource of input.resources) {
    await destination.beginLoad({
      loadId: input.newLoadId,
      source: input.sourceName,
      resource,
      status: 'running',
      records: 0,
      pages: 0,
      startedAt: input.startedAt,
    });
  }
  return { loadId: input.newLoadId, resumed: false };
}

/** Input of `finishResource`. */
export interface FinishResourceInput {
  sourceName: string;
  destination: DestinationRef;
  loadId: string;
  table: TableSpec;
  outcome: ResourceOutcome;
  startedAt: string;
  finishedAt: string;
}

/** Ends a resource's load: swaps in a replaced table on success, and records the outcome in `_sluice_loads`. */
export async function finishResource(pool: DestinationPool, input: FinishResourceInput): Promise<void> {
  const destination = await pool.get(input.destination);
  if (input.outcome.status === 'completed') await destination.completeResource(input.table, input.loadId);
  await destination.finishLoad({
    loadId: input.loadId,
    source: input.sourceName,
    resource: input.table.resource,
    status: input.outcome.status,
    records: input.outcome.records,
    pages: input.outcome.pages,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    error: input.outcome.error,
  });
}
