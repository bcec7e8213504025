import type { Destination, WritePageInput } from '../engine/destinations/destination';
import { trackIncremental } from '../engine/incremental';
import type { JsonValue } from '../engine/json';
import type { PaginatorState } from '../engine/paginators';
import { partitionBindings } from '../engine/records/partition';
import { processRecords, withParentFields } from '../engine/records/process-records';
import type { CheckpointState, FetchAndWritePagesInput, ResourceCursor } from '../engine/sync-types';

/** A page fetched but not yet committed. */
export interface FetchedPage {
  url: string;
  body: JsonValue;
  raw: JsonValue[];
  /** The paginator's state for the following page, or null after the last. */
  next: PaginatorState | null;
}

/** Consecutive fetched pages: the first continues `cursor`, each next one the page before it. */
export interface PageRun {
  cursor: ResourceCursor;
  pages: FetchedPage[];
  /** The pages start the resource: their first one shows what was detected (data selector, paginator). */
  firstOfResource: boolean;
}

/** A run of pages ready to write: each page's write, with the cursor that follows it as its checkpoint. */
export interface PreparedRun {
  writes: Array<{ input: WritePageInput; cursor: ResourceCursor }>;
  /** The cursor after the run's last page. */
  after: ResourceCursor;
  /** The run's last URL, secrets redacted. */
  url: string;
}

/** What one committed page did. */
export interface PageOutcome {
  cursor: ResourceCursor;
  /** The partition (or top-level resource) has no more pages. */
  last: boolean;
  records: number;
  skipped: boolean;
}

/** How fetched pages of one activity call become committed pages: see {@link createPageWrites}. */
export interface PageWrites {
  /** The last URL committed, secrets redacted. */
  lastUrl(): string | undefined;
  /**
   * Readies fetched pages for their write, with no database work: their records processed, their checkpoints worked
   * out, their rows normalised. Throws what their write would for records that cannot be written.
   */
  prepare(run: PageRun): PreparedRun;
  /**
   * Writes prepared runs, in order, in one transaction, each page with its checkpoint. `arriving` counts pages of the
   * same walk that will be written soon, which the destination may wait for to commit together.
   */
  commit(runs: PreparedRun[], arriving?: () => number): Promise<PageOutcome[]>;
}

/**
 * The write side of a page stepper. `detect` sees the first page of a resource's first run, for what it shows of the
 * API (data selector, paginator).
 */
export function createPageWrites(
  input: FetchAndWritePagesInput,
  destination: Destination,
  detect: (page: FetchedPage) => void,
): PageWrites {
  const { resource } = input;
  const incremental = resource.endpoint.incremental;
  let lastUrl: string | undefined;

  /** The write of a fetched page that follows `cursor`, and the cursor after it. */
  const prepareOne = (cursor: ResourceCursor, page: FetchedPage): PreparedRun['writes'][number] => {
    const binding = partitionBindings(resource.parent, cursor);
    const state = cursor.state!;
    let records = withParentFields(processRecords(page.raw, resource, binding), resource, cursor.partitionFields);
    let window = cursor.incremental;
    if (incremental && window)
      ({ records, state: window } = trackIncremental(records, incremental, window, resource.name));
    const checkpointState: CheckpointState = {
      paginator: page.next ?? state,
      ...(window ? { incremental: window } : {}),
    };
    return {
      input: {
        table: resource.table,
        loadId: input.loadId,
        partition: cursor.partition,
        seq: cursor.seq + 1,
        records,
        nextState: checkpointState as unknown as JsonValue,
        done: page.next === null,
      },
      cursor: { ...cursor, seq: cursor.seq + 1, state: page.next ?? state, incremental: window },
    };
  };

  return {
    lastUrl: () => lastUrl,

    prepare({ cursor, pages, firstOfResource }) {
      if (firstOfResource) detect(pages[0]!);
      const writes: PreparedRun['writes'] = [];
      let at = cursor;
      for (const page of pages) {
        const write = prepareOne(at, page);
        writes.push(write);
        at = write.cursor;
      }
      destination.plan(writes.map((write) => write.input));
      return { writes, after: at, url: pages.at(-1)!.url };
    },

    async commit(runs, arriving) {
      lastUrl = runs.at(-1)!.url;
      const writes = runs.flatMap((run) => run.writes);
      const written = await destination.write(
        writes.map((write) => write.input),
        arriving,
      );
      return writes.map(({ input: page, cursor }, index) => ({
        cursor,
        last: page.done,
        records: written[index]!.skipped ? 0 : page.records.length,
        skipped: written[index]!.skipped,
      }));
    },
  };
}
