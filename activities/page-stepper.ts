import { createAuthenticator } from '../engine/auth/create-authenticator';
import type { SecretResolver } from '../engine/config/secrets';
import type { Destination, ParentRow, WritePageInput } from '../engine/destinations/destination';
import { buildRequest } from '../engine/http/build-request';
import type { HttpClient } from '../engine/http/http-client';
import { redactUrl, rememberSecret } from '../engine/http/redact';
import { parseResponseActions } from '../engine/http/response-actions';
import { applyIncremental, trackIncremental } from '../engine/incremental';
import type { JsonValue } from '../engine/json';
import { createPaginator, predictStates, type PaginatorState } from '../engine/paginators';
import { parentFieldsToRead, partitionBindings } from '../engine/records/partition';
import { processRecords, withParentFields } from '../engine/records/process-records';
import { selectRecords } from '../engine/records/select-records';
import { isSecretRef } from '../engine/secret-ref';
import type { CheckpointState, FetchAndWritePagesInput, ResourceCursor } from '../engine/sync-types';
import { noteDetections } from './detection-notes';
import { fetchPage } from './fetch-page';
import { checkedNextState } from './next-state';
import { pagePosition } from './page-position';

/** A page fetched but not yet committed. */
export interface FetchedPage {
  url: string;
  body: JsonValue;
  raw: JsonValue[];
  /** The paginator's state for the following page, or null after the last. */
  next: PaginatorState | null;
}

/** What one committed page did. */
export interface PageOutcome {
  cursor: ResourceCursor;
  /** The partition (or top-level resource) has no more pages. */
  last: boolean;
  records: number;
  skipped: boolean;
}

/** What a page stepper works with: the worker's HTTP client and secrets, the activity's input and destination. */
export interface PageStepperOptions {
  http: HttpClient;
  secrets: SecretResolver;
  input: FetchAndWritePagesInput;
  destination: Destination;
}

/** Pages to write in one transaction: the first continues `cursor`, each next one the page before it. */
export interface PageWrite {
  cursor: ResourceCursor;
  pages: FetchedPage[];
  /** The pages start the resource: their first one shows what was detected (data selector, paginator). */
  firstOfResource: boolean;
  /** Pages of the same walk that will be written soon, which the destination may wait for to commit together. */
  arriving?: () => number;
}

/**
 * One resource's pages, one step at a time: fetch a page, prepare its rows and checkpoint, write it. Plain functions
 * over per-activity state (auth, paginator, detection notes); never holds records between pages.
 */
export interface PageStepper {
  /** What was detected or inferred while walking, for the activity's result. */
  readonly notes: ReadonlySet<string>;
  /** The last URL written, secrets redacted. */
  lastUrl(): string | undefined;
  /** Where a partition stands: see {@link PageStepper.positions}. */
  position(cursor: ResourceCursor): Promise<ResourceCursor | 'complete'>;
  /** Where partitions stand, from one read of their checkpoints: complete, resumed, or new ({@link pagePosition}). */
  positions(cursors: ResourceCursor[]): Promise<Array<ResourceCursor | 'complete'>>;
  /** The next parent rows this load wrote, after a key, with the fields `include_from_parent` wants. */
  parentRows(after: JsonValue, limit: number): Promise<ParentRow[]>;
  /** Fetches the page a cursor points at and works out the paginator's next state; writes nothing. */
  fetch(cursor: ResourceCursor): Promise<FetchedPage>;
  /** Writes fetched pages, each with the cursor that follows it as its checkpoint, in one transaction. */
  write(pages: PageWrite): Promise<PageOutcome[]>;
  /** States of up to `count` pages after the one at `state`: see {@link predictStates}. */
  predict(state: PaginatorState, count: number, guesses: number): PaginatorState[];
}

/** A page stepper for one activity call: see {@link PageStepper}. */
export function createPageStepper({ http, secrets, input, destination }: PageStepperOptions): PageStepper {
  const { resource, client } = input;
  // Every credential the activity resolves is remembered, so that no error, URL or cursor leaving it can carry one.
  const secret = (value: unknown) => {
    const resolved = isSecretRef(value) ? secrets.resolve(value.$secret) : String(value);
    rememberSecret(resolved);
    return resolved;
  };
  const auth = createAuthenticator(
    resource.endpoint.auth === null ? null : (resource.endpoint.auth ?? client.auth),
    secret,
    http,
    client.baseUrl,
  );
  const paginator = createPaginator(resource.endpoint.paginator, endpointLimit(resource.endpoint.params));
  const responseActions = parseResponseActions(resource.endpoint.responseActions);
  const incremental = resource.endpoint.incremental;
  const notes = new Set<string>();
  let lastUrl: string | undefined;

  const positions = async (cursors: ResourceCursor[]) => {
    const partitions = cursors.map((cursor) => cursor.partition);
    const checkpoints = await destination.readCheckpoints(resource.name, partitions);
    return cursors.map((cursor) =>
      pagePosition({
        cursor,
        checkpoint: checkpoints.get(cursor.partition),
        loadId: input.loadId,
        initialState: () => paginator.initialState(),
        incremental,
      }),
    );
  };

  const fetch = async (cursor: ResourceCursor): Promise<FetchedPage> => {
    const binding = partitionBindings(resource.parent, cursor);
    const state = cursor.state!;
    let request = paginator.apply(buildRequest(client, resource.endpoint, binding), state);
    if (incremental && cursor.incremental) request = applyIncremental(request, incremental, cursor.incremental);
    const response = await fetchPage(http, auth, request, responseActions);
    // An ignored response has no records and ends the partition, as dlt stops paginating there.
    if (!response) return { url: redactUrl(request.url), body: {}, raw: [], next: null };
    const raw = selectRecords(response.body, resource.endpoint.dataSelector);
    const following = paginator.next({ ...response, records: raw }, state);
    return {
      url: redactUrl(response.url),
      body: response.body,
      raw,
      next: checkedNextState(resource.name, following, state, response.url),
    };
  };

  /** The write of a fetched page that follows `cursor`, and the cursor after it. */
  const prepare = (cursor: ResourceCursor, page: FetchedPage): { input: WritePageInput; cursor: ResourceCursor } => {
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

  const write = async ({ cursor, pages, firstOfResource, arriving }: PageWrite): Promise<PageOutcome[]> => {
    if (firstOfResource) noteDetections(resource, paginator.type, pages[0]!, notes);
    lastUrl = pages.at(-1)!.url;
    const prepared: Array<{ input: WritePageInput; cursor: ResourceCursor }> = [];
    let at = cursor;
    for (const page of pages) {
      const next = prepare(at, page);
      prepared.push(next);
      at = next.cursor;
    }
    const inputs = prepared.map((p) => p.input);
    const written = await destination.write(inputs, arriving);
    return prepared.map(({ input, cursor: after }, index) => ({
      cursor: after,
      last: input.done,
      records: written[index]!.skipped ? 0 : input.records.length,
      skipped: written[index]!.skipped,
    }));
  };

  return {
    notes,
    lastUrl: () => lastUrl,
    position: async (cursor) => (await positions([cursor]))[0]!,
    positions,
    parentRows: (after, limit) =>
      destination.readParentRows(
        input.parentTable!,
        resource.parent!.field,
        parentFieldsToRead(resource),
        after,
        limit,
        input.loadId,
      ),
    fetch,
    write,
    predict: (state, count, guesses) => predictStates(paginator, state, count, guesses),
  };
}

function endpointLimit(params: Record<string, JsonValue>): number | undefined {
  const limit = Number(params.limit);
  return Number.isInteger(limit) && limit > 0 ? limit : undefined;
}
