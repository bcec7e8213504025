import type { PaginatorState } from '../engine/paginators';
import { adaptWindow, type WindowLimits } from './prefetch-window';

/** What a {@link PrefetchQueue} fetches and how far it may run ahead. */
export interface PrefetchQueueOptions<Page extends { next: PaginatorState | null }> {
  /** The paginator state of the first page to fetch. */
  state: PaginatorState;
  /** Pages of the resource (or partition) already committed before the first one. */
  seq: number;
  /** Starts fetching the page at a paginator state. */
  fetch(state: PaginatorState): Promise<Page>;
  /**
   * States of up to `count` pages after the one at `state`, assuming full pages; none when unpredictable. Where the
   * paginator knows no end, at most `guesses` of them (see `predictStates`).
   */
  predict(state: PaginatorState, count: number, guesses: number): PaginatorState[];
  /** Pages the walk may still fetch, counting those committed as spent; 0 once its budget is spent. */
  pagesLeft(): number;
  /**
   * Pages the walk has taken and not yet committed: they take room in the window as fetched pages do, so that the
   * pages in memory stay within it.
   */
  held?(): number;
  /** The window's bounds and start ({@link windowLimits}). */
  limits: WindowLimits;
  /** Called whenever the window is set, for metrics. */
  onWindow?(size: number): void;
}

/** Pages taken to commit together, or the failure of the first of them. */
export type TakenRun<Page> = { ok: true; pages: Page[] } | { ok: false; error: unknown };

/**
 * The pages fetched ahead of the ones committing, in order. A walk takes runs of consecutive pages and commits each
 * run before taking the next; the queue keeps the API busy meanwhile, within an adaptive window.
 */
export interface PrefetchQueue<Page> {
  /** Whether a page is being fetched or waiting to be taken; false once the walk has nothing left to commit. */
  hasNext(): boolean;
  /**
   * Waits for the next page and takes it with the consecutive pages that already arrived after it, then fetches the
   * page that follows them (and predicted ones), so the API works while the run commits. The pages taken count as
   * committing until the next call.
   */
  takeRun(): Promise<TakenRun<Page>>;
}

interface Entry<Page> {
  state: PaginatorState;
  page: Promise<Settled<Page>>;
  /** Set once the fetch has settled. */
  arrived?: Settled<Page>;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A queue that fetches pages ahead: the page after the newest one fetched (or taken) whatever the paginator, and
 * pages the paginator predicts within the window. Nothing is predicted before the resource's first page has arrived,
 * since it shows whether the API reports a total. A page whose `next` contradicts a prediction (a short page, a total
 * reached) drops the pages fetched beyond it.
 */
export function createPrefetchQueue<Page extends { next: PaginatorState | null }>(
  options: PrefetchQueueOptions<Page>,
): PrefetchQueue<Page> {
  const { limits, fetch, predict, pagesLeft } = options;
  const ahead: Array<Entry<Page>> = [];
  let seq = options.seq;
  let windowSize = limits.start ?? limits.min;
  options.onWindow?.(windowSize);

  const fetchAhead = (state: PaginatorState) => {
    const entry: Entry<Page> = { state, page: settle(fetch(state)).then((page) => (entry.arrived = page)) };
    ahead.push(entry);
  };
  /**
   * Room for more fetches while `committing` pages are taken and not committed, within the budget, and within the
   * window less the `held` pages the walk keeps ready to write.
   */
  const room = (committing: number, held = 0) => Math.min(windowSize - held, pagesLeft() - committing) - ahead.length;
  /**
   * Fetches predicted pages after the newest one fetched; `committed` pages are committed or committing. Pages past an
   * unknown end are guessed at most one for every two pages the resource has shown, counting those in flight beyond
   * the next: a short resource costs the API one request past its end at most, a long one soon has its whole window.
   */
  const predictAhead = (committed: number, committing: number) => {
    const free = room(committing, options.held?.());
    const guesses = Math.max(0, Math.floor(committed / 2) - (ahead.length - 1));
    if (free > 0 && ahead.length > 0 && committed > 0) predict(ahead.at(-1)!.state, free, guesses).forEach(fetchAhead);
  };

  fetchAhead(options.state);
  return {
    hasNext: () => ahead.length > 0,

    async takeRun() {
      predictAhead(seq, 0);
      const waited = ahead[0]!.arrived === undefined;
      const first = await ahead[0]!.page;
      if (!first.ok) return first;
      const run = [first.value];
      for (let next = ahead[1]; next?.arrived?.ok && sameState(run.at(-1)!.next, next.state); next = ahead[run.length])
        run.push(next.arrived.value);
      ahead.splice(0, run.length);
      const waiting = run.length - 1 + ahead.filter((entry) => entry.arrived).length;
      windowSize = adaptWindow(windowSize, limits, waited, waiting);
      options.onWindow?.(windowSize);
      const following = run.at(-1)!.next;
      if (ahead.length > 0 && !sameState(following, ahead[0]!.state)) ahead.length = 0;
      if (following !== null && ahead.length === 0 && room(run.length) > 0) fetchAhead(following);
      seq += run.length;
      predictAhead(seq, run.length);
      return { ok: true, pages: run };
    },
  };
}

const sameState = (a: PaginatorState | null, b: PaginatorState) => JSON.stringify(a) === JSON.stringify(b);

/** A promise that never rejects, so pages fetched ahead and then dropped cannot leave unhandled rejections. */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}
