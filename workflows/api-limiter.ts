import {
  allHandlersFinished,
  condition,
  defineSignal,
  defineUpdate,
  makeContinueAsNewFunc,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';

/**
 * One workflow per rate-limited source and task queue: the single place every worker asks before loading the API,
 * so `client.max_concurrency` and `client.requests_per_second` hold across hosts. Handlers answer at once and never
 * wait, so a waiting caller costs no history and continue-as-new never cuts a handler short.
 */

/** A page activity asking for concurrency slots, which it holds until it releases them or its lease lapses. */
export interface SlotRequest {
  holder: string;
  want: number;
  maxConcurrency: number;
  /** Slots lapse after this long without a renewal, so a crashed worker's slots come back. */
  leaseMs: number;
}

/** Slots granted now (0: none free; ask again after `retryMs`). */
export interface SlotGrant {
  slots: number;
  retryMs: number;
}

/** A batch of request start times asked for at a rate. */
export interface TokenRequest {
  count: number;
  requestsPerSecond: number;
}

/** The reserved start times: `count` of them from `startAt` (epoch ms, the cluster's clock), `spacingMs` apart. */
export interface TokenGrant {
  startAt: number;
  spacingMs: number;
}

/** What the limiter carries through continue-as-new. */
export interface ApiLimiterState {
  holders: Record<string, { slots: number; expiresAt: number }>;
  nextTokenAt: number;
}

export const acquireSlotsUpdate = defineUpdate<SlotGrant, [SlotRequest]>('acquireSlots');
export const reserveTokensUpdate = defineUpdate<TokenGrant, [TokenRequest]>('reserveTokens');
/** Renews a holder's lease. */
export const renewSlotsSignal = defineSignal<[string, number]>('renewSlots');
export const releaseSlotsSignal = defineSignal<[string]>('releaseSlots');

/** The limiter ends after this long with no holder and no request; the next request starts a new one. */
const IDLE_MS = 60_000;
/** A refused caller asks again after this long: short against a page's latency, long against a workflow task. */
const RETRY_MS = 200;
/** History length past which the limiter continues as new. */
const MAX_HISTORY = 4000;

/**
 * The run timeout workers start a limiter with. A limiter whose workers are all gone (a run's process killed while it
 * ran on a queue of its own) has no one to run its timers, so only the server can end it: it times the run out.
 */
export const LIMITER_RUN_TIMEOUT_MS = 10 * 60_000;

/**
 * Limiters started before this patch have no run timeout and run until idle. Since, a limiter with a run timeout
 * continues as new halfway through it, carrying the timeout, so only an unserved limiter ever reaches it.
 */
export const LIMITER_RUN_RENEWAL_PATCH = 'limiter-run-renewal';

/** Hands out concurrency slots and request start times for one source's API. */
export async function apiLimiter(state?: ApiLimiterState): Promise<void> {
  const holders = state?.holders ?? {};
  let nextTokenAt = state?.nextTokenAt ?? 0;
  let lastUse = Date.now();
  const expire = (now: number) => {
    for (const [name, holder] of Object.entries(holders)) if (holder.expiresAt <= now) delete holders[name];
  };
  setHandler(acquireSlotsUpdate, ({ holder, want, maxConcurrency, leaseMs }) => {
    const now = (lastUse = Date.now());
    expire(now);
    const used = Object.values(holders).reduce((sum, h) => sum + h.slots, 0);
    const slots = Math.min(want, maxConcurrency - used);
    if (slots <= 0) return { slots: 0, retryMs: RETRY_MS };
    holders[holder] = { slots: (holders[holder]?.slots ?? 0) + slots, expiresAt: now + leaseMs };
    return { slots, retryMs: 0 };
  });
  setHandler(reserveTokensUpdate, ({ count, requestsPerSecond }) => {
    const now = (lastUse = Date.now());
    const spacingMs = 1000 / requestsPerSecond;
    const startAt = Math.max(nextTokenAt, now);
    nextTokenAt = startAt + count * spacingMs;
    return { startAt, spacingMs };
  });
  setHandler(renewSlotsSignal, (holder, leaseMs) => {
    const now = (lastUse = Date.now());
    const held = holders[holder];
    if (held) held.expiresAt = now + leaseMs;
  });
  setHandler(releaseSlotsSignal, (holder) => {
    lastUse = Date.now();
    delete holders[holder];
  });

  const { runTimeoutMs, runStartTime } = workflowInfo();
  const renewAt =
    patched(LIMITER_RUN_RENEWAL_PATCH) && runTimeoutMs ? runStartTime.getTime() + runTimeoutMs / 2 : Infinity;
  let idle = false;
  for (;;) {
    const tooLong = () =>
      workflowInfo().historyLength > MAX_HISTORY || workflowInfo().continueAsNewSuggested || Date.now() >= renewAt;
    await condition(tooLong, Math.max(1, Math.min(10_000, renewAt - Date.now())));
    if (tooLong()) break;
    expire(Date.now());
    idle = Object.keys(holders).length === 0 && Date.now() - lastUse >= IDLE_MS && Date.now() >= nextTokenAt;
    if (idle) break;
  }
  await condition(allHandlersFinished);
  if (idle && Object.keys(holders).length === 0) return;
  const renew = makeContinueAsNewFunc<typeof apiLimiter>(
    renewAt === Infinity ? {} : { workflowRunTimeout: runTimeoutMs },
  );
  await renew({ holders, nextTokenAt });
}
