import type { ResourceCursor } from '../engine/sync-types';
import type { FetchedPage, PageOutcome, PreparedPage } from './page-writes';
import { createPrefetchQueue, type TakenRun } from './prefetch-queue';
import { windowLimits } from './prefetch-window';
import { handBack, type WalkOptions, type WalkResult } from './walk-options';

/** A transaction of the walk, and whether it has ended. */
interface Commit {
  pages: number;
  outcomes: Promise<PageOutcome[]>;
  ended: boolean;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A top-level resource: its pages in order, until done or the budget is spent. A prefetch queue fetches ahead. While
 * one transaction commits, the pages that arrive are prepared one at a time (their records processed, their rows
 * normalised), and the moment it ends the next transaction writes every page prepared by then, each with its
 * checkpoint: the database and this process work at the same time, and a slow commit gathers more pages into the
 * next one.
 */
export async function walkTopLevel({
  input,
  stepper,
  hooks,
  counts,
  tally,
  pagesLeft,
}: WalkOptions): Promise<WalkResult> {
  const position = await stepper.position(input.cursor);
  if (position === 'complete') return { cursor: input.cursor, done: true };
  /** Where the committed pages end, and where the prepared ones do. */
  let cursor: ResourceCursor = position;
  let prepared: ResourceCursor = position;
  /** Pages taken from the queue and not prepared yet, in order. */
  const arrived: FetchedPage[] = [];
  /** Pages prepared and not yet committed. */
  let waiting: PreparedPage[] = [];
  let committing: Commit | undefined;
  let taking: Promise<TakenRun<FetchedPage>> | undefined;
  let failed: { error: unknown } | undefined;
  let lastTaken = false;

  /** Pages taken from the queue and not yet committed. */
  const held = () => arrived.length + waiting.length + (committing?.pages ?? 0);
  const queue = createPrefetchQueue<FetchedPage>({
    state: position.state!,
    seq: position.seq,
    // A request depends on the paginator state, and on the partition and incremental start the whole walk shares.
    fetch: (state) => stepper.fetch({ ...position, state }),
    predict: stepper.predict,
    // Pages taken but not committed are spent too: the walk will write them.
    pagesLeft: () => pagesLeft() - held(),
    // They also take room in the window, which so bounds the walk's memory.
    held,
    limits: windowLimits(input.prefetchWindow),
    onWindow: hooks.prefetchWindow,
  });
  const canTake = () => !failed && !lastTaken && (taking !== undefined || queue.hasNext());
  const take = () => (taking ??= queue.takeRun().catch((error: unknown) => ({ ok: false as const, error })));
  /** Takes the run the queue handed over; a failed page ends the taking. */
  const accept = (run: TakenRun<FetchedPage>) => {
    taking = undefined;
    if (!run.ok) return void (failed = { error: run.error });
    arrived.push(...run.pages);
    lastTaken = run.pages.at(-1)!.next === null;
  };
  /** Prepares the next page taken; one that cannot be written ends the walk there, after what was prepared before. */
  const prepareNext = () => {
    const page = arrived.shift()!;
    try {
      const ready = stepper.prepare(prepared, page, prepared.seq === 0);
      waiting.push(ready);
      prepared = ready.cursor;
    } catch (error) {
      failed = { error };
      arrived.length = 0;
    }
  };
  const commit = () => {
    const outcomes = stepper.commit(waiting);
    const started: Commit = { pages: waiting.length, outcomes, ended: false };
    const end = () => void (started.ended = true);
    outcomes.then(end, end);
    committing = started;
    waiting = [];
  };

  try {
    for (;;) {
      hooks.checkCancelled();
      if (committing?.ended) {
        const outcomes = await committing.outcomes;
        committing = undefined;
        tally(outcomes);
        cursor = outcomes.at(-1)!.cursor;
        hooks.advance(cursor);
        if (outcomes.at(-1)!.last) return { cursor, done: true };
      } else if (!committing && waiting.length > 0) {
        commit();
      } else if (arrived.length > 0) {
        prepareNext();
        // The committing transaction's answers are read between pages, so its next statement is never held up.
        if (committing) await turn();
      } else if (canTake()) {
        const ended = committing?.outcomes.then(
          () => 'ended' as const,
          () => 'ended' as const,
        );
        const next = take().then(() => 'taken' as const);
        if ((await Promise.race(ended ? [ended, next] : [next])) === 'taken') accept(await take());
      } else if (committing) {
        await committing.outcomes.catch(() => undefined);
      } else break;
    }
  } finally {
    // A failure or a cancellation leaves no write running behind the activity's back.
    await committing?.outcomes.catch(() => undefined);
  }
  return failed ? handBack(failed.error, cursor, counts) : { cursor, done: false };
}
