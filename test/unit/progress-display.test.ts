import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ResourceProgress } from '../../engine/sync-types';
import { formatDuration, statusFigures } from '../../client/cli/progress/format-status';
import { PlainProgress } from '../../client/cli/progress/plain-progress';
import { fractionDone, ProgressTracker } from '../../client/cli/progress/progress-tracker';
import { failureLine, summaryLines } from '../../client/cli/summary';

function row(records: number, state: Record<string, number> | null, extra: Partial<ResourceProgress> = {}) {
  return {
    resource: 'files',
    state: 'running',
    records,
    pages: records / 100,
    skippedPages: 0,
    partitions: 0,
    cursor: { partitionAfter: null, partition: '', seq: records / 100, state },
    ...extra,
  } as ResourceProgress;
}

describe('progress a person can read', () => {
  const fractions: Array<[string, ResourceProgress, number | undefined]> = [
    ['an offset paginator with a total', row(2500, { offset: 2500, total: 10000 }), 0.25],
    ['a page-number paginator with total pages', row(300, { page: 4, totalPages: 12 }), 0.25],
    ['a cursor paginator', row(300, { cursor: 7 }), undefined],
    ['a resource before its first page', row(0, null), undefined],
    [
      'a child resource',
      row(300, { offset: 300, total: 900 }, { cursor: { partitionAfter: 1, partition: '2', seq: 1, state: null } }),
      undefined,
    ],
    ['a completed resource', row(300, { cursor: 7 }, { state: 'completed' }), 1],
  ];
  for (const [name, progress, expected] of fractions)
    test(`the share done of ${name} is ${expected ?? 'unknown'}`, () => assert.equal(fractionDone(progress), expected));

  test('rate and ETA follow the recent pace', () => {
    const tracker = new ProgressTracker();
    tracker.update([row(0, null)], 0);
    tracker.update([row(1000, { offset: 1000, total: 10000 })], 1000);
    const [status] = tracker.update([row(3000, { offset: 3000, total: 10000 })], 3000);
    assert.equal(status!.recordsPerSecond, 1000);
    assert.equal(status!.fraction, 0.3);
    assert.equal(status!.etaSeconds, 7);
    assert.equal(statusFigures(status!), '3,000 records  30 pages  1,000 rec/s  30%  ETA 7s');
  });

  test('a resumed resource counts its pages from the checkpoint and its share from the cursor', () => {
    const tracker = new ProgressTracker();
    const resumed = row(0, { offset: 6000, total: 10000 });
    resumed.cursor!.seq = 60;
    const [status] = tracker.update([resumed], 0);
    assert.equal(status!.pages, 60);
    assert.equal(status!.fraction, 0.6);
  });

  test('durations read as seconds, minutes or hours', () => {
    assert.deepEqual([formatDuration(7.4), formatDuration(185), formatDuration(7320)], ['7s', '3m05s', '2h02m']);
  });

  test('plain progress prints at most every 10 s, and only resources that moved', () => {
    const lines: string[] = [];
    let now = 0;
    const plain = new PlainProgress(
      (line) => lines.push(line),
      () => now,
    );
    plain.update([row(100, { offset: 100, total: 1000 }), { ...row(0, null), resource: 'later', state: 'waiting' }]);
    now = 4000;
    plain.update([row(500, { offset: 500, total: 1000 })]);
    now = 10_000;
    plain.update([row(800, { offset: 800, total: 1000 })]);
    now = 21_000;
    plain.update([row(800, { offset: 800, total: 1000 })]);
    assert.deepEqual(lines, [
      '  files  running    100 records  1 pages  10%',
      '  files  running    800 records  8 pages  70 rec/s  80%  ETA 3s',
    ]);
  });

  test('an error that only repeats the status is not repeated', () => {
    const result = {
      loadId: 'l',
      resumed: false,
      status: 'cancelled' as const,
      notes: [],
      resources: {
        files: {
          status: 'cancelled' as const,
          error: 'cancelled',
          records: 5,
          pages: 1,
          skippedPages: 0,
          partitions: 0,
        },
        users: { status: 'failed' as const, error: 'HTTP 500', records: 0, pages: 0, skippedPages: 0, partitions: 0 },
      },
    };
    assert.deepEqual(summaryLines(result), [
      '  files          5 records        1 pages  cancelled',
      '  users          0 records        0 pages  failed: HTTP 500',
    ]);
    assert.equal(failureLine(result), 'sync cancelled: files cancelled; users failed: HTTP 500');
  });
});
