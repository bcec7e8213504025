import type { ResourceCursor } from '../engine/sync-types';
import type { FetchedPage, PageOutcome, PreparedRun } from './page-writes';
import { createPrefetchQueue, type TakenRun } from './prefetch-queue';
import { windowLimits } from './prefetch-window';
import { handBack, type WalkOptions, type WalkResult } from './walk-options';

/**
 * A top-level resource: its pages in order, until done or the budget is spent. A prefetch queue fetches ahead. While
 * one transaction commits, the pages that arrive are prepared (their records processed, their rows normalised), and
 * the next transaction writes all of them, each page with its checkpoint: the database and this process work at the
 * same time, and a slow commit gathers more pages into the next one.
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
  /** Pages prepared and not yet committed, in the runs the queue handed over. */
  let waiting: PreparedRun[] = [];
  let waitingPages = 0;
  let committing: { pages: number; outcomes: Promise<PageOutcome[]> } | undefined;
  let taking: Promise<TakenRun<FetchedPage>> | undefined;
  let failed: { error: unknown } | undefined;
  let lastPrepared = false;

  const queue = createPrefetchQueue<FetchedPage>({
    state: position.state!,
    seq: position.seq,
    // A request depends on the paginator state, and on the partition and incremental start the whole walk shares.
    fetch: (state) => stepper.fetch({ ...position, state }),
    predict: stepper.predict,
    // Pages taken but not committed are spent too: the walk will write them.
    pagesLeft: () => pagesLeft() - waitingPages - (committing?.pages ?? 0),
    held: () => waitingPages,
    limits: windowLimits(input.prefetchWindow),
    onWindow: hooks.prefetchWindow,
  });
  const canTake = () => !failed && !lastPrepared && (taking !== undefined || queue.hasNext());
  const take = () => (taking ??= queue.takeRun().catch((error: unknown) => ({ ok: false as const, error })));
  /**
   * Prepares a run the queue handed over, a page at a time, letting the event loop turn between pages so that the
   * committing transaction's statements are not held up. A failed page (or one that cannot be written) ends the taking.
   */
  const accept = async (run: TakenRun<FetchedPage>) => {
    taking = undefined;
    if (!run.ok) return void (failed = { error: run.error });
    for (const [index, page] of run.pages.entries()) {
      if (index > 0) await new Promise((resolve) => setImmediate(resolve));
      try {
        const ready = stepper.prepare({ cursor: prepared, pages: [page], firstOfResource: prepared.seq === 0 });
        waiting.push(ready);
        waitingPages += 1;
        prepared = ready.after;
        lastPrepared = page.next === null;
      } catch (error) {
        return void (failed = { error });
      }
    }
  };

  try {
    for (;;) {
      hooks.checkCancelled();
      if (!committing) {
        if (waiting.length === 0) {
          if (!canTake()) break;
          await accept(await take());
          if (waiting.length === 0) break;
        }
        committing = { pages: waitingPages, outcomes: stepper.commit(waiting) };
        [waiting, waitingPages] = [[], 0];
        continue;
      }
      if (canTake()) {
        const committed = committing.outcomes.then(
          () => 'committed' as const,
          () => 'committed' as const,
        );
        if ((await Promise.race([committed, take().then(() => 'taken' as const)])) === 'taken') {
          await accept(await take());
          continue;
        }
      }
      const outcomes = await committing.outcomes;
      committing = undefined;
      tally(outcomes);
      cursor = outcomes.at(-1)!.cursor;
      hooks.advance(cursor);
      if (outcomes.at(-1)!.last) return { cursor, done: true };
    }
  } finally {
    // A failure or a cancellation leaves no write running behind the activity's back.
    await committing?.outcomes.catch(() => undefined);
  }
  return failed ? handBack(failed.error, cursor, counts) : { cursor, done: false };
}
