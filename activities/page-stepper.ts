import { createAuthenticator } from '../engine/auth/create-authenticator';
import type { SecretResolver } from '../engine/config/secrets';
import type { Destination, ParentRow } from '../engine/destinations/destination';
import { buildRequest } from '../engine/http/build-request';
import type { HttpClient } from '../engine/http/http-client';
import { redactUrl, rememberSecret } from '../engine/http/redact';
import { parseResponseActions } from '../engine/http/response-actions';
import { applyIncremental } from '../engine/incremental';
import type { JsonValue } from '../engine/json';
import { createPaginator, predictStates, type PaginatorState } from '../engine/paginators';
import { parentFieldsToRead, partitionBindings } from '../engine/records/partition';
import { selectRecords } from '../engine/records/select-records';
import { isSecretRef } from '../engine/secret-ref';
import type { FetchAndWritePagesInput, ResourceCursor } from '../engine/sync-types';
import { noteDetections } from './detection-notes';
import { fetchPage } from './fetch-page';
import { checkedNextState } from './next-state';
import { pagePosition } from './page-position';
import { createPageWrites, type FetchedPage, type PageWrites } from './page-writes';

/** What a page stepper works with: the worker's HTTP client and secrets, the activity's input and destination. */
export interface PageStepperOptions {
  http: HttpClient;
  secrets: SecretResolver;
  input: FetchAndWritePagesInput;
  destination: Destination;
}

/**
 * One resource's pages, one step at a time: fetch a page, prepare its rows and checkpoint, write it. Plain functions
 * over per-activity state (auth, paginator, detection notes); never holds records between pages.
 */
export interface PageStepper extends PageWrites {
  /** What was detected or inferred while walking, for the activity's result. */
  readonly notes: ReadonlySet<string>;
  /** Where a partition stands: see {@link PageStepper.positions}. */
  position(cursor: ResourceCursor): Promise<ResourceCursor | 'complete'>;
  /** Where partitions stand, from one read of their checkpoints: complete, resumed, or new ({@link pagePosition}). */
  positions(cursors: ResourceCursor[]): Promise<Array<ResourceCursor | 'complete'>>;
  /** The next parent rows this load wrote, after a key, with the fields `include_from_parent` wants. */
  parentRows(after: JsonValue, limit: number): Promise<ParentRow[]>;
  /** Fetches the page a cursor points at and works out the paginator's next state; writes nothing. */
  fetch(cursor: ResourceCursor): Promise<FetchedPage>;
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

  return {
    ...createPageWrites(input, destination, (page) => noteDetections(resource, paginator.type, page, notes)),
    notes,
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
    predict: (state, count, guesses) => predictStates(paginator, state, count, guesses),
  };
}

function endpointLimit(params: Record<string, JsonValue>): number | undefined {
  const limit = Number(params.limit);
  return Number.isInteger(limit) && limit > 0 ? limit : undefined;
}
