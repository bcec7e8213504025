import type { SecretResolver } from '../engine/config/secrets';
import { HttpError } from '../engine/errors';
import type { HttpClient } from '../engine/http/http-client';
import type { JsonValue } from '../engine/json';
import type { ResourceCounts, ResourceCursor, SyncPagesInput, SyncPagesResult } from '../engine/sync-types';
import type { DestinationPool } from './destination-pool';
import { createPageStepper, type PageOutcome, type PageStepper } from './page-step';

/** What the page activities need from the worker. */
export interface ActivityDeps {
  http: HttpClient;
  secrets: SecretResolver;
  destinations: DestinationPool;
}

/** Hooks into the running activity: heartbeats carry the cursor, so a dead worker is noticed in seconds. */
export interface PageHooks {
  heartbeat(cursor: ResourceCursor): void;
  /** Throws when the activity has been cancelled. */
  checkCancelled(): void;
}

/** Pages of one offset or page-number resource fetched at the same time. */
export const PREFETCH_WINDOW = 8;

/** Child partitions (parent keys) walked at the same time. */
export const PARTITION_CONCURRENCY = 16;

const partitionStart = (after: JsonValue): ResourceCursor => ({ partitionAfter: after, partition: '', seq: 0, state: null });

/**
 * Walks a resource's pages from a cursor, committing each page with its checkpoint, until the resource is done or the
 * budget is spent. Returns counts and the cursor, never records.
 */
export async function syncPages(deps: ActivityDeps, input: SyncPagesInput, hooks: PageHooks): Promise<SyncPagesResult> {
  const destination = await deps.destinations.get(input.destination);
  const stepper = createPageStepper(deps, input, destination);
  const counts: ResourceCounts = { pages: 0, records: 0, skippedPages: 0, partitions: 0 };
  const deadline = Date.now() + input.maxMillis;
  const spent = () => counts.pages >= input.maxPages || Date.now() >= deadline;
  const tally = (outcome: PageOutcome) => {
    counts.pages += 1;
    counts.records += outcome.records;
    if (outcome.skipped) counts.skippedPages += 1;
  };
  const walk = input.resource.parent ? walkPartitions : walkTopLevel;
  const { cursor, done, retryAfterMs } = await walk(input, stepper, hooks, spent, tally, counts);
  return { cursor, done, counts, lastUrl: stepper.lastUrl(), notes: [...stepper.notes], ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

interface WalkResult {
  cursor: ResourceCursor;
  done: boolean;
  retryAfterMs?: number;
}

/**
 * A top-level resource: pages in order until done or the budget is spent. Offset and page-number pages are fetched
 * up to {@link PREFETCH_WINDOW} at a time and committed strictly in order, each with its checkpoint; a prediction the
 * API contradicts (a short page, a total reached) drops the pages fetched beyond it. A retryable failure after
 * committed pages hands back instead of failing, so the next call retries that page with a fresh retry budget: the
 * policy's attempts count per page, not per batch.
 */
async function walkTopLevel(input: SyncPagesInput, stepper: PageStepper, hooks: PageHooks, spent: () => boolean, tally: (o: PageOutcome) => void, counts: ResourceCounts): Promise<WalkResult> {
  const position = await stepper.position(input.cursor);
  if (position === 'complete') return { cursor: input.cursor, done: true };
  let cursor = position;
  while (!spent()) {
    hooks.checkCancelled();
    const ahead = stepper.predictAfter(cursor, Math.min(input.prefetchWindow ?? PREFETCH_WINDOW, input.maxPages - counts.pages) - 1);
    const states = [cursor.state!, ...ahead];
    const pages = states.map((state) => settle(stepper.fetch({ ...cursor, state })));
    for (let i = 0; i < pages.length; i++) {
      const page = await pages[i]!;
      if (!page.ok) {
        if (counts.pages > 0 && page.error instanceof HttpError && page.error.retryable) return { cursor, done: false, retryAfterMs: page.error.retryAfterMs ?? 0 };
        throw page.error;
      }
      const outcome = await stepper.commit(cursor, page.value, cursor.seq === 0);
      tally(outcome);
      cursor = outcome.cursor;
      hooks.heartbeat(cursor);
      if (outcome.last) return { cursor, done: true };
      if (i + 1 < states.length && JSON.stringify(cursor.state) !== JSON.stringify(states[i + 1])) break;
    }
  }
  return { cursor, done: false };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so pages fetched ahead and then dropped cannot leave unhandled rejections. */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/**
 * A child resource: parent keys are read back from the destination in key order, and up to
 * {@link PARTITION_CONCURRENCY} partitions are walked at once, each to its end. The cursor only moves past a batch
 * once every partition in it is complete; a retried batch skips the complete ones and resumes the others from their
 * checkpoints.
 */
async function walkPartitions(input: SyncPagesInput, stepper: PageStepper, hooks: PageHooks, spent: () => boolean, tally: (o: PageOutcome) => void, counts: ResourceCounts): Promise<WalkResult> {
  let cursor = partitionStart(input.cursor.partitionAfter);
  const first = cursor.partitionAfter === null;
  while (!spent()) {
    hooks.checkCancelled();
    const rows = await stepper.parentRows(cursor.partitionAfter, PARTITION_CONCURRENCY);
    if (rows.length === 0) return { cursor, done: true };
    const walks = rows.map(async (row, index) => {
      let position = await stepper.position({ ...partitionStart(cursor.partitionAfter), partition: String(row.key), partitionValue: row.key, partitionFields: row.fields });
      if (position === 'complete') return;
      while (position !== 'complete') {
        hooks.checkCancelled();
        const outcome = await stepper.step(position, first && index === 0 && position.seq === 0);
        tally(outcome);
        position = outcome.last ? 'complete' : outcome.cursor;
      }
      counts.partitions += 1;
    });
    const settled = await Promise.allSettled(walks);
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      const error = failure.reason;
      if (counts.pages > 0 && error instanceof HttpError && error.retryable) return { cursor, done: false, retryAfterMs: error.retryAfterMs ?? 0 };
      throw error;
    }
    cursor = partitionStart(rows.at(-1)!.key);
    hooks.heartbeat(cursor);
  }
  return { cursor, done: false };
}
