import { Context } from '@temporalio/activity';
import type { SyncPagesInput, SyncPagesResult } from '../engine/sync-types';
import { readCommittedCounts, type CommittedCounts, type CommittedCountsInput } from './committed-counts';
import {
  beginLoad,
  finishResource,
  type BeginLoadInput,
  type BeginLoadResult,
  type FinishResourceInput,
} from './load-activities';
import { activityLog } from './activity-log';
import { createApiLimits } from './api-limits';
import { createSluiceMetrics, type SluiceMetrics } from './sluice-metrics';
import { PARTITION_CONCURRENCY, syncPages, type ActivityDeps } from './sync-pages';
import { PREFETCH_WINDOW } from './prefetch-window';
import { withFailureMapping } from './to-application-failure';

/**
 * How often a running page activity heartbeats with its latest cursor, independent of page latency. Beating per page
 * would cost more than the page on small child partitions; a retry starts from the last beat and skips what committed
 * since through the checkpoints.
 */
const HEARTBEAT_INTERVAL_MS = 2000;

/**
 * sluice's activities, bound to the worker's HTTP client, secrets and destination pool. Workflows import the type
 * of this object only.
 */
export function createActivities(deps: ActivityDeps) {
  const limits = createApiLimits();
  let metrics: SluiceMetrics | undefined;
  return {
    /** Starts or resumes a load. */
    beginLoad(input: BeginLoadInput): Promise<BeginLoadResult> {
      return withFailureMapping(() => beginLoad(deps.destinations, input));
    },
    /** Fetches and commits pages of one resource, each page in one transaction with its checkpoint. */
    async fetchAndWritePages(input: SyncPagesInput): Promise<SyncPagesResult> {
      const context = Context.current();
      let cursor = input.cursor;
      // A steady heartbeat lets Temporal notice a dead worker within the heartbeat timeout, however slow a page is.
      const beat = setInterval(() => context.heartbeat(cursor), HEARTBEAT_INTERVAL_MS);
      const { info } = context;
      metrics ??= createSluiceMetrics(context.metricMeter);
      const metered = metrics.forResource(input.sourceName, input.resource.name);
      if (info.attempt > 1) {
        activityLog('info', 'retrying a page batch after a failed attempt');
        metered.retry();
      }
      try {
        const result = await withFailureMapping(async () => {
          const limited = await limits.open(metered.http(deps.http), input, {
            client: context.client,
            taskQueue: info.taskQueue,
            holder: `${info.workflowExecution?.workflowId}/${info.activityId}/${info.attempt}`,
            want: input.resource.parent ? PARTITION_CONCURRENCY : (input.prefetchWindow ?? PREFETCH_WINDOW),
            sleep: (ms) => context.sleep(ms),
          });
          try {
            const destinations = metered.destinations(deps.destinations);
            return await syncPages({ ...deps, http: limited.http, destinations }, input, {
              prefetchWindow: metered.prefetchWindow,
              advance: (next) => {
                cursor = next;
              },
              checkCancelled: () => {
                if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
              },
            });
          } finally {
            await limited.close();
          }
        });
        logBatch(result);
        // A retryable failure after committed pages hands back to the workflow, which calls again: a retry.
        if (result.retryAfterMs !== undefined) metered.retry();
        return result;
      } finally {
        clearInterval(beat);
      }
    },
    /** The pages and records a load has committed per resource, from its checkpoints. */
    readCommittedCounts(input: CommittedCountsInput): Promise<CommittedCounts> {
      return withFailureMapping(() => readCommittedCounts(deps.destinations, input));
    },
    /** Records a resource's outcome and swaps in replaced tables. */
    finishResource(input: FinishResourceInput): Promise<void> {
      return withFailureMapping(() => finishResource(deps.destinations, input));
    },
  };
}

/** One line per page batch at DEBUG; a resource's summary, from its committed totals, at INFO when it is done. */
function logBatch(result: SyncPagesResult): void {
  const page = result.lastUrl;
  const { pages, records } = result.counts;
  if (result.retryAfterMs !== undefined)
    activityLog('info', 'page batch handed back to retry a failed page', { page, pages, records });
  if (!result.done) return activityLog('debug', 'pages committed', { page, pages, records });
  const total = result.committed ?? result.counts;
  activityLog('info', `resource synced: ${total.records} records in ${total.pages} pages`, {
    page,
    records: total.records,
    pages: total.pages,
  });
}

/** The activity interface, for `proxyActivities` in workflows. */
export type SluiceActivities = ReturnType<typeof createActivities>;
