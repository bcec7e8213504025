import { createHash } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { HttpClient } from '../engine/http/http-client';
import type { FetchAndWritePagesInput } from '../engine/sync-types';
import {
  acquireSlotsUpdate,
  LIMITER_RUN_TIMEOUT_MS,
  releaseSlotsSignal,
  renewSlotsSignal,
  reserveTokensUpdate,
  type SlotGrant,
  type TokenGrant,
} from '../workflows/api-limiter';
import { gateHttpClient, Semaphore } from './request-gate';

/**
 * Requests one worker sends to a source at once when the config sets no `client.max_concurrency`: a handful, so a
 * fleet of workers does not flood an API nobody told us the limits of.
 */
export const DEFAULT_MAX_CONCURRENCY = 8;

/** A holder's slots lapse this long after its last renewal: a crashed worker's slots come back. */
const LEASE_MS = 30_000;
const RENEW_MS = 10_000;
/**
 * Requests are paced this far under `requests_per_second`, so that a timer firing late on a busy worker cannot push a
 * window of requests over the limit.
 */
const RATE_HEADROOM = 0.97;
/** How late a reserved start time may still be used, at least: about a limiter round trip. */
const LATE_MS = 50;
/** Longest wait for the limiter to answer before the activity fails and is retried. */
const ANSWER_TIMEOUT_MS = 60_000;

/** Where the activity runs, and what it may do there. */
export interface LimitContext {
  client: Client;
  taskQueue: string;
  /** Unique per activity attempt. */
  holder: string;
  /** Requests the activity could send at once. */
  want: number;
  /** Sleeps, and rejects when the activity is cancelled. */
  sleep(ms: number): Promise<void>;
}

/** An activity's view of its source's limits: an HTTP client that obeys them, and `close` to hand back its slots. */
export interface OpenLimits {
  http: HttpClient;
  close(): Promise<void>;
}

/**
 * The limiter workflow of a source on a task queue: every worker of the queue asks the same one. The API's address is
 * hashed, since workflow ids are not encrypted by the payload codec.
 */
export function limiterWorkflowId(taskQueue: string, sourceName: string, baseUrl: string): string {
  const api = createHash('sha256').update(baseUrl).digest('hex').slice(0, 12);
  return `sluice-limits/${taskQueue}/${sourceName}/${api}`;
}

/** Per-worker limit state: the default cap per source, and the reserved request start times per limiter. */
export function createApiLimits() {
  const localSlots = new Map<string, Semaphore>();
  const pacers = new Map<string, ReturnType<typeof createPacer>>();

  return {
    /** Opens the limits of an activity's source over `http`; `close` must follow. */
    async open(http: HttpClient, input: FetchAndWritePagesInput, context: LimitContext): Promise<OpenLimits> {
      const limits = input.client.limits ?? {};
      const workflowId = limiterWorkflowId(context.taskQueue, input.sourceName, input.client.baseUrl);
      const ask = <R, A>(update: Parameters<Client['workflow']['executeUpdateWithStart']>[0], arg: A) =>
        askLimiter<R, A>(context.client, context.taskQueue, workflowId, update, arg);
      let pace: (() => Promise<void>) | undefined;
      if (limits.requestsPerSecond !== undefined) {
        const rate = limits.requestsPerSecond * RATE_HEADROOM;
        if (!pacers.has(workflowId)) pacers.set(workflowId, createPacer());
        const pacer = pacers.get(workflowId)!;
        pace = () =>
          pacer.take(rate, (count) =>
            ask<TokenGrant, unknown>(reserveTokensUpdate, { count, requestsPerSecond: rate }),
          );
      }
      if (limits.maxConcurrency === undefined) {
        if (!localSlots.has(workflowId)) localSlots.set(workflowId, new Semaphore(DEFAULT_MAX_CONCURRENCY));
        return {
          http: gateHttpClient(http, { slots: localSlots.get(workflowId)!, pace }),
          close: async () => undefined,
        };
      }
      const request = {
        holder: context.holder,
        want: Math.min(context.want, limits.maxConcurrency),
        maxConcurrency: limits.maxConcurrency,
        leaseMs: LEASE_MS,
      };
      let grant: SlotGrant;
      for (;;) {
        grant = await ask<SlotGrant, typeof request>(acquireSlotsUpdate, request);
        if (grant.slots > 0) break;
        await context.sleep(grant.retryMs * (0.5 + Math.random()));
      }
      const handle = context.client.workflow.getHandle(workflowId);
      const renew = setInterval(
        () => void handle.signal(renewSlotsSignal, context.holder, LEASE_MS).catch(() => undefined),
        RENEW_MS,
      );
      return {
        http: gateHttpClient(http, { slots: new Semaphore(grant.slots), pace }),
        async close() {
          clearInterval(renew);
          // A release that fails leaves the slots to lapse with their lease.
          await handle.signal(releaseSlotsSignal, context.holder).catch(() => undefined);
        },
      };
    },
  };
}

/** A worker's API limits: see {@link createApiLimits}. */
export type ApiLimits = ReturnType<typeof createApiLimits>;

/**
 * Sends an update to the limiter, starting it if it is not running. A limiter that just ended or continued as new
 * refuses the update; it is sent again.
 */
async function askLimiter<R, A>(
  client: Client,
  taskQueue: string,
  workflowId: string,
  update: Parameters<Client['workflow']['executeUpdateWithStart']>[0],
  arg: A,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await client.withDeadline(Date.now() + ANSWER_TIMEOUT_MS, () =>
        client.workflow.executeUpdateWithStart(update as string, {
          args: [arg],
          startWorkflowOperation: new WithStartWorkflowOperation('apiLimiter', {
            workflowId,
            taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowRunTimeout: LIMITER_RUN_TIMEOUT_MS,
            args: [],
          }),
        }),
      )) as R;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/**
 * A worker's reserved request start times for one limiter. Batches of a quarter second's worth are reserved at a time,
 * shared by every activity of the worker, so an activity that ends leaves its unused times to the next.
 */
function createPacer() {
  const times: number[] = [];
  let spacingMs = 0;
  let refilling: Promise<void> | undefined;
  return {
    async take(rate: number, reserve: (count: number) => Promise<TokenGrant>): Promise<void> {
      for (;;) {
        // A start time already a whole spacing (at least LATE_MS) past is dropped, not used late: late requests fired
        // together would crowd the window they land in.
        while (times.length > 0 && times[0]! < Date.now() - Math.max(spacingMs, LATE_MS)) times.shift();
        if (times.length > 0) break;
        refilling ??= (async () => {
          const count = Math.max(1, Math.ceil(rate / 4));
          const grant = await reserve(count);
          spacingMs = grant.spacingMs;
          for (let i = 0; i < count; i++) times.push(grant.startAt + i * grant.spacingMs);
        })().finally(() => (refilling = undefined));
        await refilling;
      }
      const wait = times.shift()! - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    },
  };
}
