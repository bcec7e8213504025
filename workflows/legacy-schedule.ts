import { CancellationScope, condition } from '@temporalio/workflow';
import type { ResourceSpec } from '../engine/source-spec';
import type { ResourceOutcome, ResourceProgress } from '../engine/sync-types';
import { childGate, type ChildGate } from './child-gate';
import { skipReason } from './sync-failure';

/** What the scheduling loop of syncs started before `resources-planned` reads and changes of the source workflow. */
export interface LegacyScheduleContext {
  resources: readonly ResourceSpec[];
  outcomes: Record<string, ResourceOutcome>;
  finished: ReadonlySet<string>;
  progress: Map<string, ResourceProgress>;
  running: ReadonlyMap<string, Promise<void>>;
  /** Runs a resource's workflow and adds it to `running` until it is done. */
  start(resource: ResourceSpec): void;
  show(): void;
  paused(): boolean;
  /** The source workflow's change counter, and a bump of it. */
  changes(): number;
  changed(): void;
  gated: boolean;
  truthful: boolean;
  maxParallel: number;
}

/**
 * The scheduling loop of syncs whose history has no `resources-planned` marker, kept command for command so that
 * they replay: its `gated` and `truthful` flags are the patches those syncs were started under.
 */
export async function legacySchedule(ctx: LegacyScheduleContext): Promise<void> {
  const { resources, outcomes, progress, running, gated, truthful } = ctx;
  const gateOf = (resource: ResourceSpec): ChildGate => {
    if (!resource.parent) return 'start';
    const parent = resources.find((r) => r.name === resource.parent!.resource)!;
    const outcome = outcomes[parent.name];
    if (!gated) return !outcome ? 'wait' : outcome.status === 'completed' ? 'start' : 'skip';
    return childGate({
      outcome,
      finished: ctx.finished.has(parent.name),
      writeDisposition: parent.table.writeDisposition,
    });
  };

  const pending = [...resources];
  while (pending.length > 0 || running.size > 0) {
    const seen = ctx.changes();
    for (const resource of [...pending]) {
      const gate = gateOf(resource);
      if (gate === 'wait' || (gate === 'start' && truthful && ctx.paused())) continue;
      pending.splice(pending.indexOf(resource), 1);
      if (gate === 'skip') {
        const parent = resource.parent!.resource;
        const error = truthful ? skipReason(parent, outcomes[parent]!.status) : `parent '${parent}' did not complete`;
        outcomes[resource.name] = { status: 'skipped', pages: 0, records: 0, skippedPages: 0, partitions: 0, error };
        ctx.changed();
        progress.set(resource.name, {
          ...progress.get(resource.name)!,
          ...(truthful ? { state: 'skipped', error } : { state: 'failed' }),
        });
        if (truthful) ctx.show();
        continue;
      }
      if (running.size >= ctx.maxParallel) {
        pending.unshift(resource);
        break;
      }
      ctx.start(resource);
    }
    // Cancelling the sync cancels the resources' workflows, whose outcomes this loop still collects.
    if (running.size > 0 || (truthful && pending.length > 0))
      await (gated
        ? CancellationScope.nonCancellable(() => condition(() => ctx.changes() !== seen))
        : Promise.race(running.values()));
  }
}
