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

void describe('group commit', () => {
  void it('commits the first write at once and the ones that arrive meanwhile together', async () => {
    const { groups, commit } = recorder();
    const committer = new GroupCommit(commit, 1, 64);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => committer.submit(n)));
    assert.deepEqual(results, [10, 20, 30, 40, 50]);
    assert.deepEqual(groups, [[1], [2, 3, 4, 5]]);
  });

  void it('never puts more than maxGroup writes in one group', async () => {
    const { groups, commit } = recorder();
    const committer = new GroupCommit(commit, 1, 3);
    await Promise.all(Array.from({ length: 8 }, (_, i) => committer.submit(i + 1)));
    assert.deepEqual(groups, [[1], [2, 3, 4], [5, 6, 7], [8]]);
  });

  void it('runs up to `lanes` groups at the same time', async () => {
    const { groups, commit } = recorder();
    const committer = new GroupCommit(commit, 3, 64);
    await Promise.all([1, 2, 3, 4, 5].map((n) => committer.submit(n)));
    assert.deepEqual(groups, [[1], [2], [3], [4, 5]]);
  });

  void it('retries a failed group one write at a time, so only the bad write fails', async () => {
    const { groups, commit } = recorder();
    const committer = new GroupCommit(commit, 1, 64);
    const results = await Promise.allSettled([1, 2, -3, 4].map((n) => committer.submit(n)));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      [10, 20, 'bad -3', 40],
    );
    assert.deepEqual(groups, [[1], [2, -3, 4], [2], [-3], [4]]);
  });
});
