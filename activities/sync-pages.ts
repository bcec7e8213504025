import { markPhase } from '../bin/timings.js';
import type { SecretResolver } from '../engine/config/secrets';
import { redact } from '../engine/http/redact';
import { HttpError } from '../engine/errors';
import type { HttpClient } from '../engine/http/http-client';
import type { JsonValue } from '../engine/json';
import type { PaginatorState } from '../engine/paginators';
import type { ResourceCounts, ResourceCursor, SyncPagesInput, SyncPagesResult } from '../engine/sync-types';
import type { ParentRow } from '../engine/destinations/destination';
import type { DestinationPool } from './destination-pool';
import { adaptWindow, windowLimits } from './prefetch-window';
import { createPageStepper, type FetchedPage, type PageOutcome, type PageStepper } from './page-step';

/** What the page activities need from the worker. */
export interface ActivityDeps {
  http: HttpClient;
  secrets: SecretResolver;
  destinations: DestinationPool;
}

/** Hooks into the running activity. */
export interface PageHooks {
  /** Records how far the activity has committed, for its next heartbeat to carry. */
  advance(cursor: ResourceCursor): void;
  /** Throws when the activity has been cancelled. */
  checkCancelled(): void;
  /** Reports the prefetch window whenever it is set, for metrics. */
  prefetchWindow?(size: number): void;
}

/** Child partitions (parent keys) walked at the same time. */
export const PARTITION_CONCURRENCY = 16;

const partitionStart = (after: JsonValue): ResourceCursor => ({
  partitionAfter: after,
  partition: '',
  seq: 0,
  state: null,
});

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
  markPhase('first page activity started');
  const tally = (outcome: PageOutcome) => {
    markPhase('first page committed');
    counts.pages += 1;
    counts.records += outcome.records;
    if (outcome.skipped) counts.skippedPages += 1;
  };
  const walk = input.resource.parent ? walkPartitions : walkTopLevel;
  const { cursor, done, retryAfterMs } = await walk(input, stepper, hooks, spent, tally, counts);
  const committed = done ? await destination.committedTotals(input.resource.table.resource, input.loadId) : undefined;
  return {
    cursor,
    done,
    counts,
    lastUrl: stepper.lastUrl(),
    notes: [...stepper.notes].map(redact),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(committed ? { committed } : {}),
  };
}

interface WalkResult {
  cursor: ResourceCursor;
  done: boolean;
  retryAfterMs?: number;
}

/**
 * A top-level resource: pages in order until done or the budget is spent. Offset and page-number pages are fetched
 * ahead, within an adaptive window ({@link adaptWindow}) beyond those committing; they commit strictly in order, each
 * with its checkpoint, and consecutive pages already fetched share one transaction. While a run of pages commits, the page after
 * it is already being fetched, whatever the paginator, so the API and the database work at the same time. A prediction
 * the API contradicts (a short page, a total reached) drops the pages fetched beyond it. A retryable failure after
 * committed pages hands back instead of failing, so the next call retries that page with a fresh retry budget: the
 * policy's attempts count per page, not per batch.
 */
async function walkTopLevel(
  input: SyncPagesInput,
  stepper: PageStepper,
  hooks: PageHooks,
  spent: () => boolean,
  tally: (o: PageOutcome) => void,
  counts: ResourceCounts,
): Promise<WalkResult> {
  const position = await stepper.position(input.cursor);
  if (position === 'complete') return { cursor: input.cursor, done: true };
  let cursor = position;
  const limits = windowLimits(input.prefetchWindow);
  let windowSize = limits.min;
  hooks.prefetchWindow?.(windowSize);
  const ahead: Array<{ state: PaginatorState; page: Promise<Settled<FetchedPage>>; arrived?: Settled<FetchedPage> }> =
    [];
  const fetchAhead = (state: PaginatorState) => {
    const entry: (typeof ahead)[number] = {
      state,
      page: settle(stepper.fetch({ ...cursor, state })).then((page) => (entry.arrived = page)),
    };
    ahead.push(entry);
  };
  /** Room for more fetches, with `committing` pages in a transaction: within the window and the page budget. */
  const room = (committing: number) =>
    spent() ? 0 : Math.min(windowSize, input.maxPages - counts.pages - committing) - ahead.length;
  /** Fetches predicted pages after the newest one fetched; `seq` pages are committed or committing. */
  const predictAhead = (seq: number, committing: number) => {
    const free = room(committing);
    if (free > 0 && ahead.length > 0)
      stepper.predictAfter({ ...cursor, seq, state: ahead.at(-1)!.state }, free).forEach(fetchAhead);
  };

  fetchAhead(cursor.state!);
  while (ahead.length > 0) {
    hooks.checkCancelled();
    predictAhead(cursor.seq, 0);
    const waited = ahead[0]!.arrived === undefined;
    const page = await ahead[0]!.page;
    if (!page.ok) {
      if (counts.pages > 0 && page.error instanceof HttpError && page.error.retryable)
        return { cursor, done: false, retryAfterMs: page.error.retryAfterMs ?? 0 };
      throw page.error;
    }
    const run = [page.value];
    for (let next = ahead[1]; next?.arrived?.ok && sameState(run.at(-1)!.next, next.state); next = ahead[run.length])
      run.push(next.arrived.value);
    ahead.splice(0, run.length);
    windowSize = adaptWindow(
      windowSize,
      limits,
      waited,
      run.length - 1 + ahead.filter((entry) => entry.arrived).length,
    );
    hooks.prefetchWindow?.(windowSize);
    const following = run.at(-1)!.next;
    if (ahead.length > 0 && !sameState(following, ahead[0]!.state)) ahead.length = 0;
    if (following !== null && ahead.length === 0 && room(run.length) > 0) fetchAhead(following);
    predictAhead(cursor.seq + run.length, run.length);
    const outcomes = await stepper.commitRun(cursor, run, cursor.seq === 0);
    outcomes.forEach(tally);
    const last = outcomes.at(-1)!;
    cursor = last.cursor;
    hooks.advance(cursor);
    if (last.last) return { cursor, done: true };
  }
  return { cursor, done: false };
}

const sameState = (a: PaginatorState | null, b: PaginatorState) => JSON.stringify(a) === JSON.stringify(b);

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so pages fetched ahead and then dropped cannot leave unhandled rejections. */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** A parent row waiting for its partition to be walked, with where that partition stands. */
interface QueuedPartition {
  row: ParentRow;
  position: ResourceCursor | 'complete';
}

/**
 * A child resource: parent keys are read back from the destination in key order, and up to
 * {@link PARTITION_CONCURRENCY} partitions are walked at once, each to its end; a new one starts as soon as one
 * finishes. The cursor only moves past a parent key once it and every key before it are complete; a retried call
 * skips the complete partitions after the cursor and resumes the others from their checkpoints.
 */
async function walkPartitions(
  input: SyncPagesInput,
  stepper: PageStepper,
  hooks: PageHooks,
  spent: () => boolean,
  tally: (o: PageOutcome) => void,
  counts: ResourceCounts,
): Promise<WalkResult> {
  const after = input.cursor.partitionAfter;
  let frontier = after;
  const launched: Array<{ key: JsonValue; complete: boolean }> = [];
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;

  const walkPartition = async (start: ResourceCursor | 'complete', firstOfResource: boolean): Promise<void> => {
    let position = start;
    if (position === 'complete') return;
    while (position !== 'complete') {
      hooks.checkCancelled();
      const outcome = await stepper.step(position, firstOfResource && position.seq === 0);
      tally(outcome);
      position = outcome.last ? 'complete' : outcome.cursor;
    }
    counts.partitions += 1;
  };
  const launch = ({ row, position }: QueuedPartition, firstOfResource: boolean) => {
    const entry = { key: row.key, complete: false };
    launched.push(entry);
    const walk = walkPartition(position, firstOfResource)
      .then(
        () => {
          entry.complete = true;
          while (launched[0]?.complete) frontier = launched.shift()!.key;
          hooks.advance(partitionStart(frontier));
        },
        (error: unknown) => void (failure ??= { error }),
      )
      .finally(() => running.delete(walk));
    running.add(walk);
  };

  let queued: QueuedPartition[] = [];
  let readAfter = after;
  let exhausted = false;
  let firstOfResource = after === null;
  while (!failure && !spent()) {
    hooks.checkCancelled();
    if (running.size >= PARTITION_CONCURRENCY) {
      await Promise.race(running);
      continue;
    }
    if (queued.length === 0) {
      const rows = await stepper.parentRows(readAfter, PARTITION_CONCURRENCY);
      if (rows.length === 0) {
        exhausted = true;
        break;
      }
      readAfter = rows.at(-1)!.key;
      const positions = await stepper.positions(
        rows.map((row) => ({
          ...partitionStart(after),
          partition: String(row.key),
          partitionValue: row.key,
          partitionFields: row.fields,
        })),
      );
      queued = rows.map((row, index) => ({ row, position: positions[index]! }));
    }
    launch(queued.shift()!, firstOfResource);
    firstOfResource = false;
  }
  await Promise.all(running);
  const cursor = partitionStart(frontier);
  if (failure) {
    const { error } = failure;
    if (counts.pages > 0 && error instanceof HttpError && error.retryable)
      return { cursor, done: false, retryAfterMs: error.retryAfterMs ?? 0 };
    throw error;
  }
  return { cursor, done: exhausted && launched.length === 0 };
}
