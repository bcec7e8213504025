import { createAuthenticator } from '../engine/auth/create-authenticator';
import type { SecretResolver } from '../engine/config/secrets';
import type { Destination, ParentRow } from '../engine/destinations/destination';
import { HttpError, PaginationError } from '../engine/errors';
import { buildRequest } from '../engine/http/build-request';
import type { HttpClient } from '../engine/http/http-client';
import { redactUrl } from '../engine/http/redact';
import { applyResponseActions, parseResponseActions } from '../engine/http/response-actions';
import type { JsonValue } from '../engine/json';
import { createPaginator, type Paginator } from '../engine/paginators';
import { processRecords, withParentFields } from '../engine/records/process-records';
import { detectDataSelector, selectRecords } from '../engine/records/select-records';
import { isSecretRef } from '../engine/secret-ref';
import { applyIncremental, startIncremental, trackIncremental } from '../engine/incremental';
import type { CheckpointState, ResourceCounts, ResourceCursor, SyncPagesInput, SyncPagesResult } from '../engine/sync-types';
import type { DestinationPool } from './destination-pool';
import { fetchPage } from './fetch-page';

/** What the page activities need from the worker. */
export interface ActivityDeps {
  http: HttpClient;
  secrets: SecretResolver;
  destinations: DestinationPool;
}

/** Hooks into the running activity: heartbeats carry the cursor, so a dead worker is noticed in seconds. */
export interface PageHooks {
  heartbeat(cursor: ResourceCursor): void;
  /** Throws when the activity has been cancelled. */
  checkCancelled(): void;
}

const PARENT_KEY_BATCH = 200;

function endpointLimit(params: Record<string, JsonValue>): number | undefined {
  const limit = Number(params.limit);
  return Number.isInteger(limit) && limit > 0 ? limit : undefined;
}

/**
 * Where a partition stands in the destination: complete, resumed from a committed page, or new. A new partition's
 * incremental window starts where the previous completed load of it ended.
 */
async function reconcile(destination: Destination, input: SyncPagesInput, cursor: ResourceCursor, paginator: Paginator): Promise<ResourceCursor | 'complete'> {
  const checkpoint = await destination.readCheckpoint({ resource: input.resource.name, partition: cursor.partition });
  const stored = checkpoint?.state as CheckpointState | undefined;
  if (checkpoint?.loadId === input.loadId) {
    if (checkpoint.status === 'complete') return 'complete';
    if (checkpoint.seq > cursor.seq || cursor.state === null) return { ...cursor, seq: checkpoint.seq, state: stored!.paginator, incremental: stored!.incremental };
  }
  if (cursor.state !== null) return cursor;
  const incremental = input.resource.endpoint.incremental;
  const previous = checkpoint?.status === 'complete' ? stored?.incremental?.last : stored?.incremental?.start;
  return { ...cursor, seq: 0, state: paginator.initialState(), incremental: incremental ? startIncremental(incremental, previous) : undefined };
}

/**
 * Walks a resource's pages from a cursor, committing each page with its checkpoint, until the resource is done or the
 * budget is spent. Child resources walk one partition per parent key, read back from the destination in batches.
 * Returns counts and the cursor, never records.
 */
export async function syncPages(deps: ActivityDeps, input: SyncPagesInput, hooks: PageHooks): Promise<SyncPagesResult> {
  const started = Date.now();
  const { resource, client } = input;
  const destination = await deps.destinations.get(input.destination);
  const secret = (value: unknown) => (isSecretRef(value) ? deps.secrets.resolve(value.$secret) : String(value));
  const auth = createAuthenticator(resource.endpoint.auth === null ? null : (resource.endpoint.auth ?? client.auth), secret, deps.http, client.baseUrl);
  const paginator = createPaginator(resource.endpoint.paginator, endpointLimit(resource.endpoint.params));
  const responseActions = parseResponseActions(resource.endpoint.responseActions);
  const counts: ResourceCounts = { pages: 0, records: 0, skippedPages: 0, partitions: 0 };
  const notes: string[] = [];
  const parentRows: ParentRow[] = [];
  let cursor: ResourceCursor = { ...input.cursor };
  let reconciled = false;
  let lastUrl: string | undefined;
  const result = (done: boolean): SyncPagesResult => ({ cursor, done, counts, lastUrl, notes });

  for (;;) {
    hooks.checkCancelled();
    if (counts.pages >= input.maxPages || Date.now() - started >= input.maxMillis) return result(false);
    if (resource.parent && cursor.state === null) {
      if (parentRows.length === 0) {
        parentRows.push(...(await destination.readParentRows(input.parentTable!, resource.parent.field, resource.includeFromParent, cursor.partitionAfter, PARENT_KEY_BATCH)));
      }
      const parentRow = parentRows.shift();
      if (parentRow === undefined) return result(true);
      const { key, fields } = parentRow;
      cursor = { partitionAfter: cursor.partitionAfter, partition: String(key), partitionValue: key, partitionFields: fields, seq: 0, state: null };
      reconciled = false;
    }
    if (!reconciled) {
      const position = await reconcile(destination, input, cursor, paginator);
      reconciled = true;
      if (position === 'complete') {
        if (!resource.parent) return result(true);
        cursor = { partitionAfter: cursor.partitionValue ?? null, partition: '', seq: 0, state: null };
        continue;
      }
      cursor = position;
    }

    const binding = resource.parent ? { as: resource.parent.as, value: cursor.partitionValue ?? null } : undefined;
    const state = cursor.state!;
    const incremental = resource.endpoint.incremental;
    let request = paginator.apply(buildRequest(client, resource.endpoint, binding), state);
    if (incremental && cursor.incremental) request = applyIncremental(request, incremental, cursor.incremental);
    let response;
    try {
      response = await fetchPage(deps.http, auth, request);
    } catch (caught) {
      const error = caught instanceof HttpError ? applyResponseActions(caught, responseActions) : caught;
      if (error === 'ignore') response = { url: request.url, status: (caught as HttpError).status ?? 0, headers: {}, body: {} as JsonValue };
      // After committed progress, hand back instead of failing: the next call retries this page with a fresh retry
      // budget, so the policy's attempts count per page, not per batch.
      else if (counts.pages > 0 && error instanceof HttpError && error.retryable) {
        return { ...result(false), retryAfterMs: error.retryAfterMs ?? 0, notes: [...notes, `retrying after: ${error.message}`] };
      } else throw error;
    }
    lastUrl = redactUrl(response.url);
    const firstPage = cursor.seq === 0 && (!resource.parent || (input.cursor.partitionAfter === null && counts.partitions === 0));
    if (firstPage && !resource.endpoint.dataSelector) {
      const detected = detectDataSelector(response.body);
      notes.push(`resource '${resource.name}': no data_selector; records taken from ${detected ? `'${detected}'` : 'the whole response'}`);
    }
    const raw = selectRecords(response.body, resource.endpoint.dataSelector);
    const page = { ...response, records: raw };
    const next = paginator.next(page, state);
    if (next !== null && JSON.stringify(next) === JSON.stringify(state)) {
      throw new PaginationError(`resource '${resource.name}': the paginator would repeat the request ${lastUrl}; stopping to avoid a loop`);
    }
    if (paginator.type === 'auto' && firstPage) {
      notes.push(`resource '${resource.name}': no paginator configured; detected ${JSON.stringify((next as { detected?: unknown } | null)?.detected ?? { type: 'single_page' })}`);
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
    counts.pages += 1;
    if (written.skipped) counts.skippedPages += 1;
    else counts.records += records.length;
    cursor = { ...cursor, seq: cursor.seq + 1, state: next ?? state, incremental: window };
    hooks.heartbeat(cursor);
    if (next === null) {
      if (!resource.parent) return result(true);
      counts.partitions += 1;
      cursor = { partitionAfter: cursor.partitionValue ?? null, partition: '', seq: 0, state: null };
    }
  }
}
