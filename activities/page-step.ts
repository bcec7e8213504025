import { createAuthenticator } from '../engine/auth/create-authenticator';
import type { Destination } from '../engine/destinations/destination';
import { HttpError, PaginationError } from '../engine/errors';
import { buildRequest } from '../engine/http/build-request';
import { redactUrl } from '../engine/http/redact';
import { applyResponseActions, parseResponseActions } from '../engine/http/response-actions';
import { applyIncremental, startIncremental, trackIncremental } from '../engine/incremental';
import type { JsonValue } from '../engine/json';
import { createPaginator } from '../engine/paginators';
import { processRecords, withParentFields } from '../engine/records/process-records';
import { detectDataSelector, selectRecords } from '../engine/records/select-records';
import { isSecretRef } from '../engine/secret-ref';
import type { CheckpointState, ResourceCursor, SyncPagesInput } from '../engine/sync-types';
import { fetchPage } from './fetch-page';
import type { ActivityDeps } from './sync-pages';

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
  const secret = (value: unknown) => (isSecretRef(value) ? deps.secrets.resolve(value.$secret) : String(value));
  const auth = createAuthenticator(resource.endpoint.auth === null ? null : (resource.endpoint.auth ?? client.auth), secret, deps.http, client.baseUrl);
  const paginator = createPaginator(resource.endpoint.paginator, endpointLimit(resource.endpoint.params));
  const responseActions = parseResponseActions(resource.endpoint.responseActions);
  const incremental = resource.endpoint.incremental;
  const notes = new Set<string>();
  let lastUrl: string | undefined;

  return {
    notes,
    lastUrl: () => lastUrl,

    /**
     * Where a partition stands: complete, resumed from a committed page, or new. A new partition's incremental window
     * starts where the previous completed load of it ended.
     */
    async position(cursor: ResourceCursor): Promise<ResourceCursor | 'complete'> {
      const checkpoint = await destination.readCheckpoint({ resource: resource.name, partition: cursor.partition });
      const stored = checkpoint?.state as CheckpointState | undefined;
      if (checkpoint?.loadId === input.loadId) {
        if (checkpoint.status === 'complete') return 'complete';
        if (checkpoint.seq > cursor.seq || cursor.state === null) return { ...cursor, seq: checkpoint.seq, state: stored!.paginator, incremental: stored!.incremental };
      }
      if (cursor.state !== null) return cursor;
      const previous = checkpoint?.status === 'complete' ? stored?.incremental?.last : stored?.incremental?.start;
      return { ...cursor, seq: 0, state: paginator.initialState(), incremental: incremental ? startIncremental(incremental, previous) : undefined };
    },

    /** The next parent rows of a child resource, after a key, with the fields `include_from_parent` wants. */
    parentRows(after: JsonValue, limit: number) {
      return destination.readParentRows(input.parentTable!, resource.parent!.field, resource.includeFromParent, after, limit);
    },

    /** Fetches the page a cursor points at and commits it with the next cursor, in one transaction. */
    async step(cursor: ResourceCursor, firstOfResource: boolean): Promise<PageOutcome> {
      const binding = resource.parent ? { as: resource.parent.as, value: cursor.partitionValue ?? null } : undefined;
      const state = cursor.state!;
      let request = paginator.apply(buildRequest(client, resource.endpoint, binding), state);
      if (incremental && cursor.incremental) request = applyIncremental(request, incremental, cursor.incremental);
      let response;
      try {
        response = await fetchPage(deps.http, auth, request);
      } catch (caught) {
        const outcome = caught instanceof HttpError ? applyResponseActions(caught, responseActions) : caught;
        if (outcome !== 'ignore') throw outcome;
        response = { url: request.url, status: (caught as HttpError).status ?? 0, headers: {}, body: {} as JsonValue };
      }
      lastUrl = redactUrl(response.url);
      if (firstOfResource && !resource.endpoint.dataSelector) {
        const detected = detectDataSelector(response.body);
        notes.add(`resource '${resource.name}': no data_selector; records taken from ${detected ? `'${detected}'` : 'the whole response'}`);
      }
      const raw = selectRecords(response.body, resource.endpoint.dataSelector);
      const next = paginator.next({ ...response, records: raw }, state);
      if (next !== null && JSON.stringify(next) === JSON.stringify(state)) {
        throw new PaginationError(`resource '${resource.name}': the paginator would repeat the request ${lastUrl}; stopping to avoid a loop`);
      }
      if (paginator.type === 'auto' && firstOfResource) {
        notes.add(`resource '${resource.name}': no paginator configured; detected ${JSON.stringify((next as { detected?: unknown } | null)?.detected ?? { type: 'single_page' })}`);
      }
      let records = withParentFields(processRecords(raw, resource, binding ? { [binding.as]: binding.value } : undefined), resource, cursor.partitionFields);
      let window = cursor.incremental;
      if (incremental && window) ({ records, state: window } = trackIncremental(records, incremental, window, resource.name));
      const checkpointState: CheckpointState = { paginator: next ?? state, ...(window ? { incremental: window } : {}) };
      const written = await destination.writePage({
        table: resource.table,
        loadId: input.loadId,
        partition: cursor.partition,
        seq: cursor.seq + 1,
        records,
        nextState: checkpointState as unknown as JsonValue,
        done: next === null,
      });
      return {
        cursor: { ...cursor, seq: cursor.seq + 1, state: next ?? state, incremental: window },
        last: next === null,
        records: written.skipped ? 0 : records.length,
        skipped: written.skipped,
      };
    },
  };
}

/** A page stepper for one activity call. */
export type PageStepper = ReturnType<typeof createPageStepper>;
