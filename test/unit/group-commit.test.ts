import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from '../../engine/destinations/group-commit';

/** A commit function that records its groups and fails any group holding a negative number. */
function recorder(delayMs = 5) {
  const groups: number[][] = [];
  const commit = async (inputs: number[]) => {
    groups.push(inputs);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (inputs.some((n) => n < 0)) throw new Error(`bad ${inputs.find((n) => n < 0)}`);
    return inputs.map((n) => n * 10);
  };
  return { groups, commit };
}

/** Lets the event loop turn twice: a waking lane has then taken what was queued. */
const turns = async () => {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
};

void describe('group commit', () => {
  void it('commits the writes of one event-loop turn together, then the ones that arrive meanwhile', async () => {
    const { groups, commit } = recorder();
    const committer = new GroupCommit(commit, { lanes: 1, maxGroup: 64, lingerMs: 0 });
    const first = [1, 2].map((n) => committer.submit(n));
    await turns();
    const results = await Promise.all([...first, ...[3, 4, 5].map((n) => committer.submit(n))]);
    assert.deepEqual(results, [10, 20, 30, 40, 50]);
    assert.deepEqual(groups, [
      [1, 2],
      [3, 4, 5],
    ]);
  });

  void it('never puts more than maxGroup writes in one group', async () => {
    const { groups, commit } = recorder();
    const committer = new GroupCommit(commit, { lanes: 1, maxGroup: 3, lingerMs: 0 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => committer.submit(i + 1)));
    assert.deepEqual(groups, [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8],
    ]);
  });

  void it('runs up to `lanes` groups at the same time', async () => {
    const { groups, commit } = recorder();
    const committer = new GroupCommit(commit, { lanes: 3, maxGroup: 64, lingerMs: 0 });
    const pending: Array<Promise<number>> = [];
    for (const n of [1, 2, 3]) {
      pending.push(committer.submit(n));
      await turns();
    }
    await Promise.all([...pending, committer.submit(4), committer.submit(5)]);
    assert.deepEqual(groups, [[1], [2], [3], [4, 5]]);
  });

  void it('retries a failed group one write at a time, so only the bad write fails', async () => {
    const { groups, commit } = recorder();
    const committer = new GroupCommit(commit, { lanes: 1, maxGroup: 64, lingerMs: 0 });
    const first = committer.submit(1);
    await turns();
    const results = await Promise.allSettled([first, ...[2, -3, 4].map((n) => committer.submit(n))]);
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      [10, 20, 'bad -3', 40],
    );
    assert.deepEqual(groups, [[1], [2, -3, 4], [2], [-3], [4]]);
  });

  void it('waits for the writes a caller says are on their way, and commits them with the first', async () => {
    const { groups, commit } = recorder();
    const committer = new GroupCommit(commit, { lanes: 1, maxGroup: 64, lingerMs: 1000 });
    let arriving = 2;
    const started = Date.now();
    const first = committer.submit(1, () => arriving);
    const later = (n: number, ms: number) =>
      new Promise<number>((resolve) =>
        setTimeout(() => {
          arriving -= 1;
          resolve(committer.submit(n, () => arriving));
        }, ms),
      );
    const results = await Promise.all([first, later(2, 20), later(3, 40)]);
    assert.deepEqual(results, [10, 20, 30]);
    assert.deepEqual(groups, [[1, 2, 3]]);
    // Once nothing more was on its way, the lane committed without waiting out its linger.
    assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`);
  });

  void it('waits no longer than lingerMs for writes that never come', async () => {
    const { groups, commit } = recorder(0);
    const committer = new GroupCommit(commit, { lanes: 1, maxGroup: 64, lingerMs: 30 });
    const started = Date.now();
    assert.equal(await committer.submit(1, () => 5), 10);
    const waited = Date.now() - started;
    assert.ok(waited >= 25 && waited < 1000, `waited ${waited} ms`);
    assert.deepEqual(groups, [[1]]);
  });

  void it('never waits for a write whose caller expects nothing more', async () => {
    const { commit } = recorder(0);
    const committer = new GroupCommit(commit, { lanes: 1, maxGroup: 64, lingerMs: 5000 });
    const started = Date.now();
    await committer.submit(1, () => 0);
    await committer.submit(2);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });

  void it('never commits an empty group when two lanes wait for the same writes', async () => {
    const { groups, commit } = recorder(0);
    const committer = new GroupCommit(commit, { lanes: 2, maxGroup: 64, lingerMs: 1000 });
    let arriving = 3;
    const submit = (n: number) => committer.submit(n, () => arriving);
    const pending = [submit(1)];
    await turns();
    pending.push(submit(2));
    for (const n of [3, 4, 5]) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      arriving -= 1;
      pending.push(submit(n));
    }
    assert.deepEqual(await Promise.all(pending), [10, 20, 30, 40, 50]);
    assert.ok(
      groups.every((group) => group.length > 0),
      `groups ${JSON.stringify(groups)}`,
    );
    assert.deepEqual(groups.flat().sort(), [1, 2, 3, 4, 5]);
  });
});
