import type { ResourceOutcome } from '../engine/sync-types';
import type { WriteDisposition } from '../engine/destinations/destination';

/** Whether a child resource can start, must be skipped, or waits for its parent. */
export type ChildGate = 'start' | 'skip' | 'wait';

/** What the source workflow knows of a parent resource. */
export interface ParentState {
  outcome: ResourceOutcome | undefined;
  /** `finishResource` has run: a replaced table is swapped in and the load recorded. */
  finished: boolean;
  writeDisposition: WriteDisposition;
}

/**
 * When a child may walk its parent's rows. A parent that merges or appends wrote its rows straight into its table, so
 * its children start as soon as it completes, while `finishResource` records the load. A replacing parent's rows stay
 * in staging until `finishResource` swaps them in, and its children must wait for that.
 */
export function childGate(parent: ParentState): ChildGate {
  if (!parent.outcome) return 'wait';
  if (parent.outcome.status !== 'completed') return 'skip';
  return parent.finished || parent.writeDisposition !== 'replace' ? 'start' : 'wait';
}
