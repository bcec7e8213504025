import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adaptWindow, PREFETCH_WINDOW, windowLimits } from '../../activities/prefetch-window';

describe('the prefetch window', () => {
  const limits = windowLimits();

  it('starts at eight pages, or what the caller allows, and never shrinks below two', () => {
    assert.deepEqual(limits, { min: 2, max: PREFETCH_WINDOW, start: PREFETCH_WINDOW });
    assert.deepEqual(windowLimits(1), { min: 1, max: 1, start: 1 });
  });

  it('doubles while the database waits for the API, up to its maximum', () => {
    assert.equal(adaptWindow(2, limits, true, 0), 4);
    assert.equal(adaptWindow(4, limits, true, 1), 8);
    assert.equal(adaptWindow(8, limits, true, 0), 8);
    assert.equal(adaptWindow(1, windowLimits(1), true, 0), 1);
  });

  it('shrinks by one while fetched pages wait for the database, down to its minimum', () => {
    assert.equal(adaptWindow(8, limits, false, 2), 7);
    assert.equal(adaptWindow(8, limits, true, 5), 7, 'pages piling up outweigh one wait');
    assert.equal(adaptWindow(2, limits, false, 6), 2);
  });

  it('stays as it is when pages arrive as the database is ready for them', () => {
    assert.equal(adaptWindow(4, limits, false, 0), 4);
    assert.equal(adaptWindow(4, limits, false, 1), 4);
  });
});
