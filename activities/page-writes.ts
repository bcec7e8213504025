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

/** A fetched page ready to write: its write, and the cursor after it, which is its checkpoint. */
export interface PreparedPage {
  input: WritePageInput;
  cursor: ResourceCursor;
  /** The page's URL, secrets redacted. */
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
   * Readies the fetched page that follows `cursor` for its write, with no database work: its records processed, its
   * checkpoint worked out, its rows normalised. `firstOfResource` shows the page to detection. Throws what its write
   * would for records that cannot be written.
   */
  prepare(cursor: ResourceCursor, page: FetchedPage, firstOfResource: boolean): PreparedPage;
  /**
   * Writes prepared pages, in order, in one transaction, each with its checkpoint. `arriving` counts pages of the
   * same walk that will be written soon, which the destination may wait for to commit together.
   */
  commit(pages: PreparedPage[], arriving?: () => number): Promise<PageOutcome[]>;
}

/**
 * The write side of a page stepper. `detect` sees a resource's first page, for what it shows of the API (data
 * selector, paginator).
 */
export function createPageWrites(
  input: FetchAndWritePagesInput,
  destination: Destination,
  detect: (page: FetchedPage) => void,
): PageWrites {
  const { resource } = input;
  const incremental = resource.endpoint.incremental;
  let lastUrl: string | undefined;

  return {
    lastUrl: () => lastUrl,

    prepare(cursor, page, firstOfResource) {
      if (firstOfResource) detect(page);
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
      const write: WritePageInput = {
        table: resource.table,
        loadId: input.loadId,
        partition: cursor.partition,
        seq: cursor.seq + 1,
        records,
        nextState: checkpointState as unknown as JsonValue,
        done: page.next === null,
      };
      destination.plan([write]);
      return {
        input: write,
        cursor: { ...cursor, seq: cursor.seq + 1, state: page.next ?? state, incremental: window },
        url: page.url,
      };
    },

    async commit(pages, arriving) {
      lastUrl = pages.at(-1)!.url;
      const written = await destination.write(
        pages.map((prepared) => prepared.input),
        arriving,
      );
      return pages.map(({ input: page, cursor }, index) => ({
        cursor,
        last: page.done,
        records: written[index]!.skipped ? 0 : page.records.length,
        skipped: written[index]!.skipped,
      }));
    },
  };
}
