import { patched, proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { SluiceActivities } from '../activities/create-activities';
import type { FleetActivities } from '../worker/fleet';

/**
 * Syncs started before this patch run their bookkeeping (listing the queue's workers, opening the load, reading
 * committed counts, recording each resource's ending) as activities: each one a trip through the server's task
 * queue and a workflow task more, about a tenth of a second apiece, which a small sync spent several times before its
 * first page and again after its last. Since, they are local activities, run by the worker that runs the workflow
 * within its workflow task. Every sluice worker registers the activities with the workflows, so any of them can.
 */
export const LOCAL_BOOKKEEPING_PATCH = 'local-bookkeeping';

type Bookkeeping = Pick<SluiceActivities, 'beginLoad' | 'readCommittedCounts' | 'finishResource'> & FleetActivities;

/** What both kinds of activity take alike. */
type Options = Pick<ActivityOptions, 'startToCloseTimeout' | 'retry'>;

/** The worker's connect timeout (5 s) bounds each attempt: three attempts take under 20 s on a host that never answers. */
const BEGIN_LOAD: Options = {
  startToCloseTimeout: '30 seconds',
  retry: {
    maximumAttempts: 3,
    initialInterval: '1 second',
    maximumInterval: '2 seconds',
    nonRetryableErrorTypes: ['ConfigError', 'DestinationError'],
  },
};
const READ_COUNTS: Options = {
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second', maximumInterval: '2 seconds' },
};
// Whether a failure may be retried is the failure's own flag, set from its error class's `retryable`.
const FINISH_RESOURCE: Options = { startToCloseTimeout: '2 minutes', retry: { maximumAttempts: 10 } };
const LIST_WORKERS: Options = {
  startToCloseTimeout: '20 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
};

const remote: Bookkeeping = {
  beginLoad: proxyActivities<SluiceActivities>(BEGIN_LOAD).beginLoad,
  readCommittedCounts: proxyActivities<SluiceActivities>(READ_COUNTS).readCommittedCounts,
  finishResource: proxyActivities<SluiceActivities>(FINISH_RESOURCE).finishResource,
  listActivityWorkers: proxyActivities<FleetActivities>(LIST_WORKERS).listActivityWorkers,
};
const local: Bookkeeping = {
  beginLoad: proxyLocalActivities<SluiceActivities>(BEGIN_LOAD).beginLoad,
  readCommittedCounts: proxyLocalActivities<SluiceActivities>(READ_COUNTS).readCommittedCounts,
  finishResource: proxyLocalActivities<SluiceActivities>(FINISH_RESOURCE).finishResource,
  listActivityWorkers: proxyLocalActivities<FleetActivities>(LIST_WORKERS).listActivityWorkers,
};

/** The bookkeeping activities, local unless the sync started before {@link LOCAL_BOOKKEEPING_PATCH}. */
export function bookkeeping(): Bookkeeping {
  return patched(LOCAL_BOOKKEEPING_PATCH) ? local : remote;
}
