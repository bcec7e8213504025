import { Context } from '@temporalio/activity';
import { markPhase } from '../bin/timings.js';
import type { SecretResolver } from '../engine/config/secrets';
import type { HttpClient } from '../engine/http/http-client';
import { redact } from '../engine/http/redact';
import type { FetchAndWritePagesInput, FetchAndWritePagesResult, ResourceCounts } from '../engine/sync-types';
import { activityLog } from './activity-log';
import type { ApiLimits } from './api-limits';
import type { DestinationPool } from './destination-pool';
import { createPageStepper } from './page-stepper';
import { PREFETCH_WINDOW } from './prefetch-window';
import type { SluiceMetrics } from './sluice-metrics';
import { withFailureMapping } from './to-application-failure';
import type { PageHooks } from './walk-options';
import { PARTITION_CONCURRENCY, walkPartitions } from './walk-partitions';
import { walkTopLevel } from './walk-top-level';

/**
 * How often a running page activity heartbeats with its latest cursor, independent of page latency. Beating per page
 * would cost more than the page on small child partitions; a retry starts from the last beat and skips what committed
 * since through the checkpoints.
 */
const HEARTBEAT_INTERVAL_MS = 2000;

/** What the activity works with: the worker's HTTP client, secrets and destinations, its API limits and metrics. */
export interface FetchAndWritePagesOptions {
  http: HttpClient;
  secrets: SecretResolver;
  destinations: DestinationPool;
  limits: ApiLimits;
  metrics: SluiceMetrics;
}

/**
 * The `fetchAndWritePages` activity: walks a resource's pages from a cursor, within the source's API limits, writing
 * each page with its checkpoint, until the resource is done or the budget (`maxPages`, `maxMillis`) is spent. It
 * heartbeats the latest committed cursor, and returns counts and the cursor, never records.
 */
export async function fetchAndWritePages(
  { limits, metrics, ...deps }: FetchAndWritePagesOptions,
  input: FetchAndWritePagesInput,
): Promise<FetchAndWritePagesResult> {
  const context = Context.current();
  let cursor = input.cursor;
  // A steady heartbeat lets Temporal notice a dead worker within the heartbeat timeout, however slow a page is.
  const beat = setInterval(() => context.heartbeat(cursor), HEARTBEAT_INTERVAL_MS);
  const { info } = context;
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
        const hooks: PageHooks = {
          prefetchWindow: metered.prefetchWindow,
          advance: (next) => {
            cursor = next;
          },
          checkCancelled: () => {
            if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
          },
        };
        return await walkPages({ ...deps, http: limited.http, destinations, input, hooks });
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
}

/** What a walk over one activity's pages starts from: the HTTP client within the API limits, the input, the hooks. */
interface WalkPagesOptions extends Omit<FetchAndWritePagesOptions, 'limits' | 'metrics'> {
  input: FetchAndWritePagesInput;
  hooks: PageHooks;
}

/** Opens the destination and a page stepper, walks the resource's top level or its partitions, and sums up. */
async function walkPages({
  http,
  secrets,
  destinations,
  input,
  hooks,
}: WalkPagesOptions): Promise<FetchAndWritePagesResult> {
  const destination = await destinations.get(input.destination);
  const stepper = createPageStepper({ http, secrets, input, destination });
  const counts: ResourceCounts = { pages: 0, records: 0, skippedPages: 0, partitions: 0 };
  const deadline = Date.now() + input.maxMillis;
  markPhase('first page activity started');
  const { cursor, done, retryAfterMs } = await (input.resource.parent ? walkPartitions : walkTopLevel)({
    input,
    stepper,
    hooks,
    counts,
    pagesLeft: () => (Date.now() >= deadline ? 0 : Math.max(0, input.maxPages - counts.pages)),
    tally(outcomes) {
      markPhase('first page committed');
      for (const outcome of outcomes) {
        counts.pages += 1;
        counts.records += outcome.records;
        if (outcome.skipped) counts.skippedPages += 1;
      }
    },
  });
  const committed = done ? await destination.committedTotals(input.resource.table.resource, input.loadId) : undefined;
  return {
    cursor,
    done,
    counts,
    lastUrl: stepper.lastUrl(),
    notes: [...stepper.notes].map(redact),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(committed ? { committed } : {}),
  };
}

/** One line per page batch at DEBUG; a resource's summary, from its committed totals, at INFO when it is done. */
function logBatch(result: FetchAndWritePagesResult): void {
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
