import {
  condition,
  continueAsNew,
  deprecatePatch,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { SluiceActivities } from '../activities/create-activities';
import type {
  ResourceCounts,
  ResourceCursor,
  ResourceOutcome,
  ResourceProgress,
  SyncResourceInput,
} from '../engine/sync-types';
import { pauseSignal, progressQuery, resourceProgressSignal, resumeSignal } from './definitions';
import { describeBatch, describeCursor, progressTable } from './describe';
import { OUTCOME_ONLY_PATCH } from './retired-patches';

/** Where a resource starts when nothing is committed yet. */
export const START_CURSOR: ResourceCursor = { partitionAfter: null, partition: '', seq: 0, state: null };
const ZERO: ResourceCounts = { pages: 0, records: 0, skippedPages: 0, partitions: 0 };
/** The first activity walks pages for about this long before reporting back, so that progress shows at once. */
const FIRST_BATCH_MILLIS = 1000;
/**
 * Each next activity walks twice as long as the one before, up to this. Between two activities the workflow reports
 * progress and the fetch-ahead pipeline restarts, which cost a long sync a fifth of its time with one-second batches;
 * progress and pauses still take effect within this time.
 */
const MAX_BATCH_MILLIS = 4000;
/**
 * Pages an activity walks at most, unless the sync asks for fewer. The time budget is what normally ends a batch; this
 * only bounds a batch of pages so small and fast that a second holds thousands of them.
 */
const BATCH_PAGES = 5000;
/** Page batches listed in the workflow's current details. */
const RECENT_BATCHES = 5;

function add(a: ResourceCounts, b: ResourceCounts): ResourceCounts {
  return {
    pages: a.pages + b.pages,
    records: a.records + b.records,
    skippedPages: a.skippedPages + b.skippedPages,
    partitions: a.partitions + b.partitions,
  };
}

/**
 * Walks one resource's pages. Each activity fetches and commits a batch of pages, each page in one transaction with
 * its checkpoint, and returns the next cursor; only the cursor and counters live in history, and continue-as-new
 * carries them when history grows.
 */
export async function syncResource(input: SyncResourceInput): Promise<ResourceOutcome> {
  let cursor = input.cursor ?? START_CURSOR;
  let counts = input.counts ?? ZERO;
  let paused = false;
  let state: ResourceProgress['state'] = 'running';
  let lastUrl: string | undefined;
  const notes = new Set<string>(input.notes);
  const recentBatches: string[] = [];
  const progress = (): ResourceProgress => ({
    resource: input.resource.name,
    state: paused ? 'paused' : state,
    ...counts,
    cursor,
    lastUrl,
  });
  setHandler(progressQuery, () => [progress()]);
  setHandler(pauseSignal, () => void (paused = true));
  setHandler(resumeSignal, () => void (paused = false));
  const parent = workflowInfo().parent;
  const report = async () => {
    setCurrentDetails(progressTable([progress()], recentBatches));
    if (parent)
      await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(resourceProgressSignal, progress());
  };

  const retry = input.client.retry;
  let batches = 0;
  try {
    for (;;) {
      if (paused) await report();
      await condition(() => !paused);
      const { fetchAndWritePages } = proxyActivities<SluiceActivities>({
        startToCloseTimeout: '10 minutes',
        heartbeatTimeout: '10 seconds',
        summary: `${input.resource.name}: ${describeCursor(cursor)}`,
        retry: {
          maximumAttempts: retry.maxAttempts,
          backoffCoefficient: retry.backoffFactor,
          initialInterval: retry.initialIntervalMs,
        },
      });
      const [before, startedAt] = [counts, Date.now()];
      const result = await fetchAndWritePages({
        sourceName: input.sourceName,
        client: input.client,
        resource: input.resource,
        parentTable: input.parentTable,
        destination: input.destination,
        loadId: input.loadId,
        cursor,
        maxPages: input.pagesPerActivity ?? BATCH_PAGES,
        maxMillis: Math.min(FIRST_BATCH_MILLIS * 2 ** batches, MAX_BATCH_MILLIS),
        prefetchWindow: input.prefetchWindow,
      });
      cursor = result.cursor;
      counts = add(counts, result.counts);
      recentBatches.push(describeBatch(before, counts, Date.now() - startedAt));
      if (recentBatches.length > RECENT_BATCHES) recentBatches.shift();
      lastUrl = result.lastUrl ?? lastUrl;
      result.notes.forEach((note) => notes.add(note));
      if (result.retryAfterMs !== undefined) await sleep(Math.max(result.retryAfterMs, retry.initialIntervalMs));
      if (result.done) {
        // An attempt that died after committing pages never reported them; the checkpoints know what was written.
        if (result.committed) counts = { ...counts, ...result.committed };
        state = 'completed';
        deprecatePatch(OUTCOME_ONLY_PATCH);
        setCurrentDetails(progressTable([progress()], recentBatches));
        return { status: 'completed', ...counts, notes: [...notes] };
      }
      await report();
      batches += 1;
      if (
        workflowInfo().continueAsNewSuggested ||
        (input.continueAsNewAfter !== undefined && batches >= input.continueAsNewAfter)
      ) {
        await continueAsNew<typeof syncResource>({ ...input, cursor, counts, notes: [...notes] });
      }
    }
  } catch (error) {
    state = isCancellation(error) ? 'cancelled' : 'failed';
    throw error;
  }
}
