import type { Checkpoint } from '../engine/destinations/destination';
import { startIncremental, type IncrementalConfig } from '../engine/incremental';
import type { PaginatorState } from '../engine/paginators';
import type { CheckpointState, ResourceCursor } from '../engine/sync-types';

/** What places a cursor against its partition's checkpoint. */
export interface PagePositionOptions {
  cursor: ResourceCursor;
  checkpoint: Checkpoint | undefined;
  loadId: string;
  /** The paginator's state for a partition's first page. */
  initialState(): PaginatorState;
  /** The endpoint's incremental config, if any. */
  incremental: IncrementalConfig | undefined;
}

/**
 * Where a partition stands: complete in this load, resumed after its last committed page, or new. A new partition's
 * incremental window starts where the previous completed load of it ended (or where an unfinished one started).
 */
export function pagePosition(options: PagePositionOptions): ResourceCursor | 'complete' {
  const { cursor, checkpoint, incremental } = options;
  const stored = checkpoint?.state as CheckpointState | undefined;
  if (checkpoint?.loadId === options.loadId) {
    if (checkpoint.status === 'complete') return 'complete';
    if (checkpoint.seq > cursor.seq || cursor.state === null)
      return { ...cursor, seq: checkpoint.seq, state: stored!.paginator, incremental: stored!.incremental };
  }
  if (cursor.state !== null) return cursor;
  const previous = checkpoint?.status === 'complete' ? stored?.incremental?.last : stored?.incremental?.start;
  return {
    ...cursor,
    seq: 0,
    state: options.initialState(),
    incremental: incremental ? startIncremental(incremental, previous, stored?.incremental) : undefined,
  };
}
