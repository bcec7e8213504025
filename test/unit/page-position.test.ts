import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pagePosition } from '../../activities/page-position';
import type { Checkpoint } from '../../engine/destinations/destination';
import type { ResourceCursor } from '../../engine/sync-types';

const fresh: ResourceCursor = { partitionAfter: null, partition: '', seq: 0, state: null };

const checkpoint = (fields: Partial<Checkpoint>): Checkpoint => ({
  resource: 'files',
  partition: '',
  loadId: 'load-2',
  seq: 3,
  state: { paginator: { offset: 300 }, incremental: { start: 5, last: 9 } },
  status: 'running',
  records: 300,
  pages: 3,
  ...fields,
});

const position = (cursor: ResourceCursor, stored: Checkpoint | undefined, incremental = false) =>
  pagePosition({
    cursor,
    checkpoint: stored,
    loadId: 'load-2',
    initialState: () => ({ offset: 0 }),
    incremental: incremental ? { cursor_path: 'updated', initial_value: 1 } : undefined,
  });

describe('where a partition stands', () => {
  const cases: Array<{
    name: string;
    cursor: ResourceCursor;
    stored?: Checkpoint;
    incremental?: boolean;
    is: unknown;
  }> = [
    {
      name: 'a partition never written starts at the first page',
      cursor: fresh,
      is: { ...fresh, state: { offset: 0 }, incremental: undefined },
    },
    {
      name: 'a partition complete in this load is complete',
      cursor: fresh,
      stored: checkpoint({ status: 'complete' }),
      is: 'complete',
    },
    {
      name: 'a partition this load wrote resumes after its last committed page',
      cursor: fresh,
      stored: checkpoint({}),
      is: { ...fresh, seq: 3, state: { offset: 300 }, incremental: { start: 5, last: 9 } },
    },
    {
      name: 'a checkpoint ahead of the cursor wins: pages committed since the last heartbeat are not written again',
      cursor: { ...fresh, seq: 1, state: { offset: 100 } },
      stored: checkpoint({}),
      is: { ...fresh, seq: 3, state: { offset: 300 }, incremental: { start: 5, last: 9 } },
    },
    {
      name: 'a cursor at or ahead of the checkpoint is kept',
      cursor: { ...fresh, seq: 3, state: { offset: 300 } },
      stored: checkpoint({}),
      is: { ...fresh, seq: 3, state: { offset: 300 } },
    },
    {
      name: 'an earlier load’s checkpoint starts a new walk, its incremental window after the completed load’s last value',
      cursor: fresh,
      stored: checkpoint({ loadId: 'load-1', status: 'complete' }),
      incremental: true,
      is: { ...fresh, state: { offset: 0 }, incremental: { start: 9, last: 9 } },
    },
    {
      name: 'an unfinished earlier load starts the new one where it started',
      cursor: fresh,
      stored: checkpoint({ loadId: 'load-1' }),
      incremental: true,
      is: { ...fresh, state: { offset: 0 }, incremental: { start: 5, last: 5 } },
    },
    {
      name: 'without an earlier load the incremental window starts at the initial value',
      cursor: fresh,
      incremental: true,
      is: { ...fresh, state: { offset: 0 }, incremental: { start: 1, last: 1 } },
    },
  ];
  for (const { name, cursor, stored, incremental, is } of cases)
    it(name, () => assert.deepEqual(position(cursor, stored, incremental), is));
});
