import { HttpError } from '../engine/errors';
import type { FetchAndWritePagesInput, ResourceCounts, ResourceCursor } from '../engine/sync-types';
import type { PageStepper } from './page-stepper';
import type { PageOutcome } from './page-writes';

/** Hooks into the running activity. */
export interface PageHooks {
  /** Records how far the activity has committed, for its next heartbeat to carry. */
  advance(cursor: ResourceCursor): void;
  /** Throws when the activity has been cancelled. */
  checkCancelled(): void;
  /** Reports the prefetch window whenever it is set, for metrics. */
  prefetchWindow?(size: number): void;
}

/** What a walk over a resource's pages works with, and the activity's budget. */
export interface WalkOptions {
  input: FetchAndWritePagesInput;
  stepper: PageStepper;
  hooks: PageHooks;
  /** What the activity has written so far; `tally` adds to it. */
  counts: ResourceCounts;
  /** Counts written pages. */
  tally(outcomes: PageOutcome[]): void;
  /** Pages the activity may still write: 0 once its page or time budget is spent. */
  pagesLeft(): number;
}

/** Where a walk stopped. */
export interface WalkResult {
  cursor: ResourceCursor;
  done: boolean;
  /** Set when the walk handed back on a retryable failure: wait this long before the next call. */
  retryAfterMs?: number;
}

/**
 * Ends a walk that failed at `cursor`. A retryable failure after committed pages hands back instead of failing, so the
 * next call retries that page with a fresh retry budget: the policy's attempts count per page, not per batch.
 */
export function handBack(error: unknown, cursor: ResourceCursor, counts: ResourceCounts): WalkResult {
  if (counts.pages > 0 && error instanceof HttpError && error.retryable)
    return { cursor, done: false, retryAfterMs: error.retryAfterMs ?? 0 };
  throw error;
}
