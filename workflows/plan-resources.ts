import type { WriteDisposition } from '../engine/destinations/destination';
import type { ResourceOutcome } from '../engine/sync-types';
import { childGate } from './child-gate';
import { skipReason } from './sync-failure';

/** A resource as the scheduler sees it: its name, its parent's name, and how it writes its table. */
export interface PlannedResource {
  name: string;
  parent?: string;
  writeDisposition: WriteDisposition;
}

/** What the source workflow knows when it looks again at which resources may start. */
export interface PlanState {
  /** The source's resources, in the order they are declared. */
  resources: readonly PlannedResource[];
  /** The outcomes so far, by resource name. */
  outcomes: Readonly<Record<string, ResourceOutcome>>;
  /** Resources whose `finishResource` has run. */
  finished: ReadonlySet<string>;
  /** Resources started and not done yet, counting those still recording their load. */
  running: ReadonlySet<string>;
  /** A paused sync starts no new resource; it still skips those whose parent did not complete. */
  paused: boolean;
  maxParallel: number;
}

/** A resource that will not run, and why. */
export interface PlannedSkip {
  resource: string;
  error: string;
}

/** Which resources to start now and which to skip, in declaration order. */
export interface ResourcePlan {
  start: string[];
  skip: PlannedSkip[];
}

/**
 * Decides what the source workflow does next. A resource with neither an outcome nor a run is pending; it starts when
 * its parent lets it (see `childGate`), the sync is not paused and fewer than `maxParallel` resources run, and it is
 * skipped when its parent did not complete. Once the limit is reached, resources after the first one that could start
 * wait for the next look, as a skip further down the list is decided then.
 */
export function planResources(state: PlanState): ResourcePlan {
  const outcomes: Record<string, ResourceOutcome> = { ...state.outcomes };
  const byName = new Map(state.resources.map((r) => [r.name, r]));
  const plan: ResourcePlan = { start: [], skip: [] };
  let running = state.running.size;
  for (const resource of state.resources) {
    if (outcomes[resource.name] || state.running.has(resource.name)) continue;
    const parent = resource.parent === undefined ? undefined : byName.get(resource.parent);
    const gate = parent
      ? childGate({
          outcome: outcomes[parent.name],
          finished: state.finished.has(parent.name),
          writeDisposition: parent.writeDisposition,
        })
      : 'start';
    if (gate === 'wait' || (gate === 'start' && state.paused)) continue;
    if (gate === 'skip') {
      const error = skipReason(parent!.name, outcomes[parent!.name]!.status);
      // A skip counts at once for the skipped resource's own children further down the list.
      outcomes[resource.name] = { status: 'skipped', pages: 0, records: 0, skippedPages: 0, partitions: 0, error };
      plan.skip.push({ resource: resource.name, error });
      continue;
    }
    if (running >= state.maxParallel) break;
    plan.start.push(resource.name);
    running += 1;
  }
  return plan;
}
