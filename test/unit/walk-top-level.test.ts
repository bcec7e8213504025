import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PageStepper } from '../../activities/page-stepper';
import type { PageOutcome } from '../../activities/page-writes';
import type { WalkOptions } from '../../activities/walk-options';
import { walkTopLevel } from '../../activities/walk-top-level';
import { HttpError } from '../../engine/errors';
import type { PaginatorState } from '../../engine/paginators';
import type { FetchAndWritePagesInput, ResourceCounts, ResourceCursor } from '../../engine/sync-types';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A page stepper over an API of `pages` pages numbered from 1, each fetched in `fetchMs`, and a database where a
 * transaction takes `commitMs`. It records what each transaction wrote and when pages were prepared.
 */
function fakeStepper(options: {
  pages: number;
  fetchMs: number;
  commitMs: number;
  failFetch?: { page: number; error: Error };
  failPrepare?: number;
  failCommit?: number;
}) {
  const transactions: number[][] = [];
  const fetched: number[] = [];
  let committing = 0;
  let preparedDuringCommit = 0;
  const page = (state: PaginatorState) => state.page as number;
  const stepper: Partial<PageStepper> = {
    position: async (cursor) => ({ ...cursor, state: cursor.state ?? { page: 1 } }),
    fetch: async (cursor) => {
      const n = page(cursor.state!);
      fetched.push(n);
      await sleep(options.fetchMs);
      if (options.failFetch?.page === n) throw options.failFetch.error;
      return {
        url: `https://api.test/items?page=${n}`,
        body: {},
        raw: [],
        next: n < options.pages ? { page: n + 1 } : null,
      };
    },
    predict: (state, count) => Array.from({ length: count }, (_, i) => ({ page: page(state) + i + 1 })),
    prepare: (cursor, fetchedPage) => {
      if (committing > 0) preparedDuringCommit += 1;
      if (options.failPrepare === cursor.seq + 1) throw new Error(`page ${cursor.seq + 1} cannot be written`);
      const after = { ...cursor, seq: cursor.seq + 1, state: fetchedPage.next ?? cursor.state };
      return {
        input: { seq: after.seq, done: fetchedPage.next === null } as never,
        cursor: after,
        url: fetchedPage.url,
      };
    },
    commit: async (writes) => {
      const seqs = writes.map((write) => (write.input as unknown as { seq: number }).seq);
      committing += 1;
      try {
        await sleep(options.commitMs);
        if (seqs.includes(options.failCommit ?? -1)) throw new Error('the database went away');
        transactions.push(seqs);
      } finally {
        committing -= 1;
      }
      return writes.map((write): PageOutcome => ({
        cursor: write.cursor,
        last: (write.input as unknown as { done: boolean }).done,
        records: 1,
        skipped: false,
      }));
    },
  };
  return {
    stepper: stepper as PageStepper,
    transactions,
    fetched,
    preparedDuringCommit: () => preparedDuringCommit,
    committing: () => committing,
  };
}

function walk(stepper: PageStepper, maxPages = Infinity) {
  const counts: ResourceCounts = { pages: 0, records: 0, skippedPages: 0, partitions: 0 };
  const advanced: ResourceCursor[] = [];
  const cursor: ResourceCursor = { partitionAfter: null, partition: '', seq: 0, state: null };
  const options: WalkOptions = {
    input: { cursor, prefetchWindow: 4 } as FetchAndWritePagesInput,
    stepper,
    hooks: { advance: (next) => advanced.push(next), checkCancelled: () => undefined },
    counts,
    tally: (outcomes) => (counts.pages += outcomes.length),
    pagesLeft: () => maxPages - counts.pages,
  };
  return { result: walkTopLevel(options), counts, advanced };
}

describe('walking a top-level resource', () => {
  it('commits every page once and in order, preparing pages while the previous transaction commits', async () => {
    const fake = fakeStepper({ pages: 40, fetchMs: 2, commitMs: 15 });
    const { result, counts, advanced } = walk(fake.stepper);
    const { cursor, done } = await result;
    assert.equal(done, true);
    assert.equal(cursor.seq, 40);
    assert.deepEqual(
      fake.transactions.flat(),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.equal(counts.pages, 40);
    assert.deepEqual(
      advanced.map((c) => c.seq),
      fake.transactions.map((t) => t.at(-1)),
    );
    // Slow commits gather the pages that arrived meanwhile into the next transaction.
    assert.ok(fake.transactions.length < 20, `${fake.transactions.length} transactions for 40 pages`);
    assert.ok(fake.preparedDuringCommit() >= 20, `${fake.preparedDuringCommit()} pages prepared during a commit`);
  });

  it('stops at its page budget, fetching no page beyond it', async () => {
    const fake = fakeStepper({ pages: 40, fetchMs: 1, commitMs: 10 });
    const { result, counts } = walk(fake.stepper, 7);
    const { cursor, done } = await result;
    assert.equal(done, false);
    assert.equal(counts.pages, 7);
    assert.equal(cursor.seq, 7);
    assert.deepEqual(
      [...fake.fetched].sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7],
    );
  });

  it('commits the pages before a retryable failure, then hands back to retry that page', async () => {
    const error = new HttpError('GET https://api.test/items?page=9 answered 503', 503, true);
    const fake = fakeStepper({ pages: 20, fetchMs: 2, commitMs: 10, failFetch: { page: 9, error } });
    const { result } = walk(fake.stepper);
    const { cursor, done, retryAfterMs } = await result;
    assert.equal(done, false);
    assert.equal(retryAfterMs, 0);
    assert.equal(cursor.seq, 8);
    assert.deepEqual(fake.transactions.flat(), [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('commits the pages before one that cannot be written, then fails with its error', async () => {
    const fake = fakeStepper({ pages: 20, fetchMs: 2, commitMs: 10, failPrepare: 6 });
    const { result } = walk(fake.stepper);
    await assert.rejects(result, /page 6 cannot be written/);
    assert.deepEqual(fake.transactions.flat(), [1, 2, 3, 4, 5]);
    assert.equal(fake.committing(), 0);
  });

  it('fails with a failed commit, and leaves no transaction running', async () => {
    const fake = fakeStepper({ pages: 30, fetchMs: 1, commitMs: 10, failCommit: 3 });
    const { result } = walk(fake.stepper);
    await assert.rejects(result, /the database went away/);
    assert.equal(fake.committing(), 0);
    assert.ok(!fake.transactions.flat().includes(3));
  });
});
