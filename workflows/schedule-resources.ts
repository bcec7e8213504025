import { CancellationScope, condition, deprecatePatch } from '@temporalio/workflow';
import type { ResourceSpec } from '../engine/source-spec';
import type { ResourceOutcome } from '../engine/sync-types';
import { planResources } from './plan-resources';
import { RESOURCES_PLANNED_PATCH } from './retired-patches';
import type { SyncProgress } from './sync-progress';

/** Resources walked at the same time. */
const MAX_PARALLEL_RESOURCES = 8;

/** What the source workflow knows of its resources' runs, shared by the scheduler and the runs. */
export interface ResourceBoard {
  /** The outcomes so far, by resource name. */
  outcomes: Record<string, ResourceOutcome>;
  /** Resources whose ending is recorded in the load. */
  finished: Set<string>;
  /** Bumped whenever a resource gets its outcome or its run ends, or the sync is paused or resumed. */
  changes: number;
}

/**
 * Runs every resource to an outcome: `planResources` decides what starts and what is skipped, and the loop waits for
 * the board to change before it asks again. Returns once every resource has an outcome and no run is left.
 */
export async function scheduleResources(
  resources: readonly ResourceSpec[],
  board: ResourceBoard,
  progress: SyncProgress,
  run: (resource: ResourceSpec) => Promise<void>,
): Promise<void> {
  const running = new Map<string, Promise<void>>();
  const start = (resource: ResourceSpec) => {
    const done = () => {
      running.delete(resource.name);
      board.changes += 1;
    };
    running.set(resource.name, run(resource).finally(done));
  };
  deprecatePatch(RESOURCES_PLANNED_PATCH);
  const planned = resources.map((r) => ({
    name: r.name,
    parent: r.parent?.resource,
    writeDisposition: r.table.writeDisposition,
  }));
  for (;;) {
    const seen = board.changes;
    const plan = planResources({
      resources: planned,
      outcomes: board.outcomes,
      finished: board.finished,
      running: new Set(running.keys()),
      paused: progress.paused,
      maxParallel: MAX_PARALLEL_RESOURCES,
    });
    for (const { resource, error } of plan.skip) {
      board.outcomes[resource] = { status: 'skipped', pages: 0, records: 0, skippedPages: 0, partitions: 0, error };
      board.changes += 1;
      progress.update(resource, { state: 'skipped', error });
      progress.show();
    }
    for (const name of plan.start) start(resources.find((r) => r.name === name)!);
    if (running.size === 0 && resources.every((r) => board.outcomes[r.name])) break;
    // Cancelling the sync cancels the resources' workflows, whose outcomes this loop still collects.
    await CancellationScope.nonCancellable(() => condition(() => board.changes !== seen));
  }
}
