import type { ParentRow } from '../engine/destinations/destination';
import type { JsonValue } from '../engine/json';
import type { ResourceCursor } from '../engine/sync-types';
import { handBack, type WalkOptions, type WalkResult } from './walk-options';

/** Child partitions (parent keys) walked at the same time. */
export const PARTITION_CONCURRENCY = 16;

/** The cursor of a child resource whose partitions up to `after` are complete. */
export const partitionStart = (after: JsonValue): ResourceCursor => ({
  partitionAfter: after,
  partition: '',
  seq: 0,
  state: null,
});

/** A parent row waiting for its partition to be walked, with where that partition stands. */
interface QueuedPartition {
  row: ParentRow;
  position: ResourceCursor | 'complete';
  /** The partition starts the resource: the first of its first load. */
  firstOfResource: boolean;
}

/**
 * A child resource: parent keys are read back from the destination in key order, and up to
 * {@link PARTITION_CONCURRENCY} partitions are walked at once, each to its end; a new one starts as soon as one
 * finishes. The cursor only moves past a parent key once it and every key before it are complete; a retried call
 * skips the complete partitions after the cursor and resumes the others from their checkpoints.
 */
export async function walkPartitions(walk: WalkOptions): Promise<WalkResult> {
  const { input, stepper, hooks, counts } = walk;
  const after = input.cursor.partitionAfter;
  /** Launched partitions in key order; the front is dropped as it completes, moving the frontier. */
  const launched: Array<{ key: JsonValue; complete: boolean }> = [];
  const running = new Set<Promise<void>>();
  let frontier = after;
  let failure: { error: unknown } | undefined;
  /** Partitions whose page is being fetched: their writes are on their way, to be committed with the others. */
  let fetching = 0;
  const arriving = () => fetching;

  const walkPartition = async ({ position, firstOfResource }: QueuedPartition): Promise<void> => {
    if (position === 'complete') return;
    let cursor = position;
    let last = false;
    while (!last) {
      hooks.checkCancelled();
      fetching += 1;
      const page = await stepper.fetch(cursor).finally(() => (fetching -= 1));
      const prepared = stepper.prepare(cursor, page, firstOfResource && cursor.seq === 0);
      const [outcome] = await stepper.commit([prepared], arriving);
      walk.tally([outcome!]);
      ({ cursor, last } = outcome!);
    }
    counts.partitions += 1;
  };
  /** Walks a partition in the background; once it and every partition before it are complete, the cursor moves. */
  const launch = (partition: QueuedPartition) => {
    const entry = { key: partition.row.key, complete: false };
    launched.push(entry);
    const walking = (async () => {
      try {
        await walkPartition(partition);
        entry.complete = true;
        while (launched[0]?.complete) frontier = launched.shift()!.key;
        hooks.advance(partitionStart(frontier));
      } catch (error) {
        failure ??= { error };
      }
    })().finally(() => running.delete(walking));
    running.add(walking);
  };

  const queue = createPartitionQueue(walk);
  while (!failure && walk.pagesLeft() > 0) {
    hooks.checkCancelled();
    if (running.size >= PARTITION_CONCURRENCY) {
      await Promise.race(running);
      continue;
    }
    const next = await queue.next();
    if (!next) break;
    launch(next);
  }
  await Promise.all(running);
  const cursor = partitionStart(frontier);
  if (failure) return handBack(failure.error, cursor, counts);
  return { cursor, done: queue.exhausted() && launched.length === 0 };
}

/**
 * The partitions after the cursor, in key order: parent rows read in batches of {@link PARTITION_CONCURRENCY}, each
 * batch's positions from one read of their checkpoints.
 */
function createPartitionQueue({ input, stepper }: WalkOptions) {
  const after = input.cursor.partitionAfter;
  let queued: Array<Omit<QueuedPartition, 'firstOfResource'>> = [];
  let readAfter = after;
  let exhausted = false;
  let firstOfResource = after === null;
  return {
    /** Whether every parent row has been read. */
    exhausted: () => exhausted,
    /** The next partition, or undefined once the parent rows are exhausted. */
    async next(): Promise<QueuedPartition | undefined> {
      if (queued.length === 0) {
        const rows = await stepper.parentRows(readAfter, PARTITION_CONCURRENCY);
        if (rows.length === 0) {
          exhausted = true;
          return undefined;
        }
        readAfter = rows.at(-1)!.key;
        const positions = await stepper.positions(
          rows.map((row) => ({
            ...partitionStart(after),
            partition: String(row.key),
            partitionValue: row.key,
            partitionFields: row.fields,
          })),
        );
        queued = rows.map((row, index) => ({ row, position: positions[index]! }));
      }
      const next = { ...queued.shift()!, firstOfResource };
      firstOfResource = false;
      return next;
    },
  };
}
