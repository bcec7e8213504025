import { createAuthenticator } from '../engine/auth/create-authenticator';
import type { Checkpoint, Destination, WritePageInput } from '../engine/destinations/destination';
import { HttpError, PaginationError } from '../engine/errors';
import { buildRequest, requestUrl } from '../engine/http/build-request';
import { redactUrl, redactValue, rememberSecret } from '../engine/http/redact';
import { applyResponseActions, parseResponseActions } from '../engine/http/response-actions';
import { applyIncremental, startIncremental, trackIncremental } from '../engine/incremental';
import type { JsonValue } from '../engine/json';
import { autoDetectionNote, createPaginator, type PaginatorState } from '../engine/paginators';
import { parentFieldsToRead, partitionBindings } from '../engine/records/partition';
import { processRecords, withParentFields } from '../engine/records/process-records';
import { detectDataSelector, selectRecords } from '../engine/records/select-records';
import { isSecretRef } from '../engine/secret-ref';
import type { CheckpointState, ResourceCursor, SyncPagesInput } from '../engine/sync-types';
import { activityLog, logPageFailure } from './activity-log';
import { fetchPage } from './fetch-page';
import type { ActivityDeps } from './sync-pages';

/**
 * Longest paginator state (a next URL, a cursor) accepted, in characters. It travels in heartbeats, activity results
 * and history, whose messages Temporal caps at 4 MB; real next links are a few hundred characters.
 */
export const MAX_CURSOR_LENGTH = 65_536;

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

function endpointLimit(params: Record<string, JsonValue>): number | undefined {
  const limit = Number(params.limit);
  return Number.isInteger(limit) && limit > 0 ? limit : undefined;
}

/**
 * Fetches, normalises and commits single pages of one resource. Shared by every partition an activity walks; holds
 * only per-activity state (auth, paginator, detection notes), never records between pages.
 */
export function createPageStepper(deps: ActivityDeps, input: SyncPagesInput, destination: Destination) {
  const { resource, client } = input;
  // Every credential the activity resolves is remembered, so that no error, URL or cursor leaving it can carry one.
  const secret = (value: unknown) => {
    const resolved = isSecretRef(value) ? deps.secrets.resolve(value.$secret) : String(value);
    rememberSecret(resolved);
    return resolved;
  };
  const auth = createAuthenticator(
    resource.endpoint.auth === null ? null : (resource.endpoint.auth ?? client.auth),
    secret,
    deps.http,
    client.baseUrl,
  );
  const paginator = createPaginator(resource.endpoint.paginator, endpointLimit(resource.endpoint.params));
  const responseActions = parseResponseActions(resource.endpoint.responseActions);
  const incremental = resource.endpoint.incremental;
  const notes = new Set<string>();
  let lastUrl: string | undefined;

  const positionFrom = (cursor: ResourceCursor, checkpoint: Checkpoint | undefined): ResourceCursor | 'complete' => {
    const stored = checkpoint?.state as CheckpointState | undefined;
    if (checkpoint?.loadId === input.loadId) {
      if (checkpoint.status === 'complete') return 'complete';
      if (checkpoint.seq > cursor.seq || cursor.state === null)
        return { ...cursor, seq: checkpoint.seq, state: stored!.paginator, incremental: stored!.incremental };
    }
    if (cursor.state !== null) return cursor;
    const previous = checkpoint?.status === 'complete' ? stored?.incremental?.last : stored?.incremental?.start;
    return {
      ...cursor,
      seq: 0,
      state: paginator.initialState(),
      incremental: incremental ? startIncremental(incremental, previous, stored?.incremental) : undefined,
    };
  };

  return {
    notes,
    lastUrl: () => lastUrl,

    /** Where a partition stands: see {@link PageStepper.positions}. */
    async position(cursor: ResourceCursor): Promise<ResourceCursor | 'complete'> {
      return (await this.positions([cursor]))[0]!;
    },

    /**
     * Where partitions stand, from one read of their checkpoints: complete, resumed from a committed page, or new. A
     * new partition's incremental window starts where the previous completed load of it ended.
     */
    async positions(cursors: ResourceCursor[]): Promise<Array<ResourceCursor | 'complete'>> {
      const checkpoints = await destination.readCheckpoints(
        resource.name,
        cursors.map((cursor) => cursor.partition),
      );
      return cursors.map((cursor) => positionFrom(cursor, checkpoints.get(cursor.partition)));
    },

    /** The next parent rows this load wrote, after a key, with the fields `include_from_parent` wants. */
    parentRows(after: JsonValue, limit: number) {
      return destination.readParentRows(
        input.parentTable!,
        resource.parent!.field,
        parentFieldsToRead(resource),
        after,
        limit,
        input.loadId,
      );
    },

    /** Fetches the page a cursor points at and works out the paginator's next state; writes nothing. */
    async fetch(cursor: ResourceCursor): Promise<FetchedPage> {
      const binding = partitionBindings(resource.parent, cursor);
      const state = cursor.state!;
      let request = paginator.apply(buildRequest(client, resource.endpoint, binding), state);
      if (incremental && cursor.incremental) request = applyIncremental(request, incremental, cursor.incremental);
      let response;
      let ignored = false;
      try {
        response = await fetchPage(deps.http, auth, request);
      } catch (caught) {
        const outcome = caught instanceof HttpError ? applyResponseActions(caught, responseActions) : caught;
        if (outcome !== 'ignore') {
          logPageFailure(outcome, requestUrl(request));
          throw outcome;
        }
        activityLog('info', 'response ignored as response_actions say', { page: requestUrl(request) });
        response = { url: request.url, status: (caught as HttpError).status ?? 0, headers: {}, body: {} as JsonValue };
        ignored = true;
      }
      // An ignored response has no records and ends the partition, as dlt stops paginating there.
      const raw = ignored ? [] : selectRecords(response.body, resource.endpoint.dataSelector);
      const following = ignored ? null : paginator.next({ ...response, records: raw }, state);
      const size = following === null ? 0 : JSON.stringify(following).length;
      if (size > MAX_CURSOR_LENGTH) {
        throw new PaginationError(
          `resource '${resource.name}': the next page's cursor from ${redactUrl(response.url)} is ${size} characters long, over the limit of ${MAX_CURSOR_LENGTH}`,
        );
      }
      // The next state travels through heartbeats, history and checkpoints: a next link carrying a key must not.
      const next = redactValue(following);
      const url = redactUrl(response.url);
      if (next !== null && JSON.stringify(next) === JSON.stringify(state)) {
        throw new PaginationError(
          `resource '${resource.name}': the paginator would repeat the request ${url}; stopping to avoid a loop`,
        );
      }
      return { url, body: response.body, raw, next };
    },

    /** Commits a fetched page with the cursor that follows it, in one transaction. */
    async commit(cursor: ResourceCursor, page: FetchedPage, firstOfResource: boolean): Promise<PageOutcome> {
      return (await this.commitRun(cursor, [page], firstOfResource))[0]!;
    },

    /**
     * Commits consecutive fetched pages, each with the cursor that follows it, in one transaction: all of them or
     * none. The first page continues `cursor`; each next one continues the page before it.
     */
    async commitRun(cursor: ResourceCursor, pages: FetchedPage[], firstOfResource: boolean): Promise<PageOutcome[]> {
      if (firstOfResource) noteDetections(pages[0]!);
      lastUrl = pages.at(-1)!.url;
      const prepared: Array<{ input: WritePageInput; cursor: ResourceCursor }> = [];
      let at = cursor;
      for (const page of pages) {
        const next = prepare(at, page);
        prepared.push(next);
        at = next.cursor;
      }
      const inputs = prepared.map((p) => p.input);
      const written = await destination.write(inputs);
      return prepared.map(({ input, cursor: after }, index) => ({
        cursor: after,
        last: input.done,
        records: written[index]!.skipped ? 0 : input.records.length,
        skipped: written[index]!.skipped,
      }));
    },

    /** Fetches and commits the page a cursor points at. */
    async step(cursor: ResourceCursor, firstOfResource: boolean): Promise<PageOutcome> {
      return this.commit(cursor, await this.fetch(cursor), firstOfResource);
    },

    /**
     * Cursor states of up to `count` pages after `cursor`'s, assuming full pages: none before the first page has shown
     * whether the API gives a total, and none past a known end or when the next request depends on the response.
     */
    predictAfter(cursor: ResourceCursor, count: number): PaginatorState[] {
      const predict = paginator.predict;
      if (!predict || cursor.state === null || cursor.seq === 0) return [];
      const states: PaginatorState[] = [];
      for (
        let state: PaginatorState | null = predict(cursor.state);
        state && states.length < count;
        state = predict(state)
      )
        states.push(state);
      return states;
    },
  };

  /** The write of a fetched page that follows `cursor`, and the cursor after it. */
  function prepare(cursor: ResourceCursor, page: FetchedPage): { input: WritePageInput; cursor: ResourceCursor } {
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
  }

  function noteDetections(page: FetchedPage): void {
    if (!resource.endpoint.dataSelector) {
      const detected = detectDataSelector(page.body);
      note(
        `resource '${resource.name}': no data_selector; records taken from ${detected ? `'${detected}'` : 'the whole response'}`,
      );
    }
    if (paginator.type === 'auto') {
      note(`resource '${resource.name}': no paginator configured; ${autoDetectionNote(page.body, page.next)}`);
    }

    function note(text: string): void {
      notes.add(text);
      activityLog('info', text, { page: page.url });
    }
  }
}

/** A page stepper for one activity call. */
export type PageStepper = ReturnType<typeof createPageStepper>;
