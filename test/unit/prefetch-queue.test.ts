import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PaginatorState } from '../../engine/paginators';
import { createPrefetchQueue, type PrefetchQueueOptions } from '../../activities/prefetch-queue';

interface Page {
  offset: number;
  next: PaginatorState | null;
}

/**
 * An offset API whose answers the test releases one by one. Pages have `pageSize` records up to `total`; `predict`
 * assumes full pages, as an offset paginator does.
 */
function offsetApi({ total, pageSize = 10 }: { total: number; pageSize?: number }) {
  const requested: number[] = [];
  const pending = new Map<number, { resolve(page: Page): void; reject(error: Error): void }>();
  const fetch = (state: PaginatorState) => {
    const offset = state.offset as number;
    requested.push(offset);
    return new Promise<Page>((resolve, reject) => pending.set(offset, { resolve, reject }));
  };
  const predict = (state: PaginatorState, count: number) =>
    Array.from({ length: count }, (_, i) => ({ offset: (state.offset as number) + (i + 1) * pageSize }));
  return {
    requested,
    fetch,
    predict,
    /** Answers the request for `offset`: a full page, or a short last one at the end. */
    answer(offset: number) {
      const next = offset + pageSize < total ? { offset: offset + pageSize } : null;
      pending.get(offset)!.resolve({ offset, next });
    },
    fail(offset: number, error: Error) {
      pending.get(offset)!.reject(error);
    },
  };
}

/** Lets settled fetches reach the queue. */
const turns = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

function queueOver(
  api: ReturnType<typeof offsetApi>,
  options: Partial<PrefetchQueueOptions<Page>> & { committed?: () => number; maxPages?: number } = {},
) {
  const windows: number[] = [];
  const queue = createPrefetchQueue<Page>({
    state: { offset: 0 },
    seq: 0,
    fetch: api.fetch,
    predict: api.predict,
    pagesLeft: () => (options.maxPages ?? 100) - (options.committed?.() ?? 0),
    limits: { min: 2, max: 8 },
    onWindow: (size) => windows.push(size),
    ...options,
  });
  return { queue, windows };
}

const offsets = (run: { ok: boolean; pages?: Page[] }) => run.pages?.map((page) => page.offset);

describe('the prefetch queue', () => {
  it('predicts no page before the resource’s first page has arrived, then fetches ahead within the window', async () => {
    const api = offsetApi({ total: 100 });
    const { queue } = queueOver(api);
    const taking = queue.takeRun();
    await turns();
    assert.deepEqual(api.requested, [0]);
    api.answer(0);
    assert.deepEqual(offsets(await taking), [0]);
    assert.deepEqual(api.requested, [0, 10, 20, 30, 40], 'the window doubled to four because the walk waited');
  });

  it('fetches a whole window ahead at once when told to start there', async () => {
    const api = offsetApi({ total: 1000 });
    const { queue, windows } = queueOver(api, { seq: 1, limits: { min: 2, max: 8, start: 8 } });
    const first = queue.takeRun();
    await turns();
    assert.deepEqual(api.requested, [0, 10, 20, 30, 40, 50, 60, 70]);
    api.answer(0);
    await first;
    assert.equal(windows[0], 8);
  });

  it('counts the pages the walk holds ready to write against the window, but always fetches the next page', async () => {
    const api = offsetApi({ total: 1000 });
    let held = 6;
    const { queue } = queueOver(api, { seq: 1, limits: { min: 2, max: 8, start: 8 }, held: () => held });
    const first = queue.takeRun();
    await turns();
    assert.deepEqual(api.requested, [0, 10], 'two of the eight places are free');
    api.answer(0);
    await first;
    held = 8;
    api.answer(10);
    await turns();
    await queue.takeRun();
    assert.deepEqual(api.requested, [0, 10, 20], 'with the window full of held pages, only the next page is fetched');
    assert.equal(queue.hasNext(), true);
  });

  it('hands over the next page with the consecutive pages that arrived after it, as one run', async () => {
    const api = offsetApi({ total: 100 });
    const { queue } = queueOver(api, { seq: 3 });
    const first = queue.takeRun();
    await turns();
    assert.deepEqual(api.requested, [0, 10], 'a resumed resource predicts at once');
    api.answer(10);
    await turns();
    api.answer(0);
    assert.deepEqual(offsets(await first), [0, 10]);
    api.answer(20);
    api.answer(40);
    await turns();
    assert.deepEqual(offsets(await queue.takeRun()), [20], 'a page still missing ends the run: 30 before 40');
  });

  it('drops the pages fetched beyond a short page and ends there', async () => {
    const api = offsetApi({ total: 25 });
    const { queue } = queueOver(api, { seq: 1 });
    const first = queue.takeRun();
    await turns();
    api.answer(0);
    assert.deepEqual(offsets(await first), [0]);
    assert.deepEqual(api.requested, [0, 10, 20, 30, 40]);
    api.answer(30);
    api.fail(40, new Error('past the end'));
    api.answer(10);
    api.answer(20);
    await turns();
    assert.deepEqual(offsets(await queue.takeRun()), [10, 20]);
    assert.equal(queue.hasNext(), false, '30 and 40 were predicted past the short page at 20');
  });

  it('past an unknown end, guesses one page for every two shown: a short resource costs one request past its end', async () => {
    const api = offsetApi({ total: 25 });
    // As a paginator with no total predicts: no more guesses than allowed.
    const predict = (state: PaginatorState, count: number, guesses: number) =>
      api.predict(state, Math.min(count, guesses));
    const { queue } = queueOver(api, { predict, limits: { min: 2, max: 8, start: 8 } });
    const answered = new Set<number>();
    const taken: number[] = [];
    while (queue.hasNext()) {
      const taking = queue.takeRun();
      await turns();
      // Pages up to the short one at 20 are answered, and a request past it fails, as a strict API's would.
      for (const offset of api.requested.filter((o) => !answered.has(o))) {
        answered.add(offset);
        if (offset < 30) api.answer(offset);
        else api.fail(offset, new Error('past the end'));
      }
      const run = await taking;
      taken.push(...(offsets(run) ?? []));
    }
    assert.deepEqual(taken, [0, 10, 20]);
    assert.deepEqual(
      api.requested,
      [0, 10, 20, 30],
      'one request past the short page at 20, as dlt makes after an empty one',
    );
  });

  it('past an unknown end, a long resource soon has its whole window of guesses in flight', async () => {
    const api = offsetApi({ total: 10_000 });
    const predict = (state: PaginatorState, count: number, guesses: number) =>
      api.predict(state, Math.min(count, guesses));
    const { queue } = queueOver(api, { predict, limits: { min: 8, max: 8, start: 8 } });
    for (let page = 0; page < 16; page++) {
      const taking = queue.takeRun();
      await turns();
      api.answer(page * 10);
      await taking;
    }
    const inFlight = api.requested.filter((offset) => offset >= 160).length;
    assert.equal(inFlight, 8, `after 16 pages the whole window is in flight (requested ${api.requested.join(', ')})`);
  });

  it('fetches no more pages than the page budget leaves, counting the ones committing', async () => {
    const api = offsetApi({ total: 100 });
    let committed = 0;
    const { queue } = queueOver(api, { seq: 1, maxPages: 3, committed: () => committed });
    const first = queue.takeRun();
    await turns();
    api.answer(0);
    api.answer(10);
    const run = await first;
    assert.deepEqual(offsets(run), [0, 10]);
    assert.deepEqual(api.requested, [0, 10, 20], 'two pages committing leave room for one');
    committed += 2;
    const second = queue.takeRun();
    await turns();
    assert.deepEqual(api.requested, [0, 10, 20]);
    api.answer(20);
    assert.deepEqual(offsets(await second), [20]);
    assert.deepEqual(api.requested, [0, 10, 20], 'the budget is spent: nothing follows');
    assert.equal(queue.hasNext(), false);
  });

  it('narrows the window by one while fetched pages wait to be taken', async () => {
    const api = offsetApi({ total: 1000 });
    const { queue, windows } = queueOver(api, { seq: 1 });
    const first = queue.takeRun();
    await turns();
    api.answer(0);
    await first;
    assert.deepEqual(windows, [2, 4]);
    [10, 20, 30, 40].forEach((offset) => api.answer(offset));
    await turns();
    await queue.takeRun();
    assert.deepEqual(windows, [2, 4, 3], 'three pages of the run waited for the database');
  });

  it('hands over a failed fetch as the run’s failure', async () => {
    const api = offsetApi({ total: 100 });
    const { queue } = queueOver(api);
    const taking = queue.takeRun();
    const error = new Error('503');
    api.fail(0, error);
    assert.deepEqual(await taking, { ok: false, error });
  });
});
