import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childGate } from '../../workflows/child-gate';

const outcome = (status: 'completed' | 'failed' | 'cancelled' | 'skipped') => ({
  status,
  pages: 1,
  records: 1,
  skippedPages: 0,
  partitions: 0,
});

describe('when a child resource starts', () => {
  it('waits while its parent runs', () => {
    for (const writeDisposition of ['merge', 'append', 'replace'] as const) {
      assert.equal(childGate({ outcome: undefined, finished: false, writeDisposition }), 'wait');
    }
  });

  it('starts once a merging or appending parent completes, before the parent’s load is recorded', () => {
    assert.equal(childGate({ outcome: outcome('completed'), finished: false, writeDisposition: 'merge' }), 'start');
    assert.equal(childGate({ outcome: outcome('completed'), finished: false, writeDisposition: 'append' }), 'start');
  });

  it('waits for a replacing parent’s table to be swapped in', () => {
    assert.equal(childGate({ outcome: outcome('completed'), finished: false, writeDisposition: 'replace' }), 'wait');
    assert.equal(childGate({ outcome: outcome('completed'), finished: true, writeDisposition: 'replace' }), 'start');
  });

  it('is skipped when its parent did not complete', () => {
    for (const status of ['failed', 'cancelled', 'skipped'] as const) {
      assert.equal(childGate({ outcome: outcome(status), finished: false, writeDisposition: 'merge' }), 'skip');
      assert.equal(childGate({ outcome: outcome(status), finished: true, writeDisposition: 'replace' }), 'skip');
    }
  });
});
