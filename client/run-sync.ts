import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { SluiceError } from '../engine/errors';
import type { SourceSpec } from '../engine/source-spec';
import type { DestinationRef, ResourceProgress, SyncSourceResult } from '../engine/sync-types';
import { progressQuery } from '../workflows/definitions';
import type { syncSource } from '../workflows/sync-source';
import { createSluiceWorker } from '../worker/create-worker';
import { connectClient } from './connect';
import { workflowUiUrl } from './embedded-temporal';
import { startSync } from './start-sync';
import { isCancelledSync, syncResult } from './sync-outcome';

/** The sync workflow failed as a whole. */
export class SyncFailedError extends SluiceError {
  override name = 'SyncFailedError';
}

/** Options for {@link runSync}. */
export interface RunSyncOptions {
  source: SourceSpec;
  destination: DestinationRef;
  /** Temporal frontend host:port. */
  address: string;
  /** Temporal UI base URL, for the printed link. */
  uiUrl: string;
  namespace: string;
  taskQueue: string;
  /** Run an in-process worker until the sync ends (embedded mode). */
  runWorker: boolean;
  /** The worker's own `--dest`, which may carry the database password. */
  workerDestination?: string;
  secretsFile?: string;
  fullRefresh: boolean;
  /** Wait for the result (default true). */
  wait: boolean;
  log: (line: string) => void;
  /** Receives each answer of the progress query, every second while the sync runs. */
  onProgress?: (rows: ResourceProgress[]) => void;
}

/** What a run produced: the workflow it started or attached to and, when waited for, its result. */
export interface RunSyncOutcome {
  workflowId: string;
  runId: string;
  uiLink: string;
  result?: SyncSourceResult;
}

async function watch(
  handle: WorkflowHandle<typeof syncSource>,
  onProgress: ((rows: ResourceProgress[]) => void) | undefined,
): Promise<SyncSourceResult> {
  const timer = setInterval(() => {
    if (onProgress)
      handle
        .query(progressQuery)
        .then(onProgress)
        .catch(() => undefined);
  }, 1000);
  try {
    return await syncResult(handle.result());
  } catch (error) {
    if (isCancelledSync(error))
      throw new SyncFailedError(
        `sync ${handle.workflowId} was cancelled: committed pages are kept, and the next run resumes from them`,
      );
    if (error instanceof WorkflowFailedError)
      throw new SyncFailedError(`sync ${handle.workflowId} failed: ${error.cause?.message ?? error.message}`);
    throw error;
  } finally {
    clearInterval(timer);
  }
}

/** Starts a sync (or attaches to the running one), prints its UI link and progress, and waits for it. */
export async function runSync(options: RunSyncOptions): Promise<RunSyncOutcome> {
  const { log } = options;
  const client = await connectClient(options.address, options.namespace);
  try {
    const handle = await startSync({
      client,
      source: options.source,
      destination: options.destination,
      taskQueue: options.taskQueue,
      fullRefresh: options.fullRefresh,
    });
    const { runId } = await handle.describe();
    const uiLink = workflowUiUrl(options.uiUrl, handle.workflowId, runId, options.namespace);
    log(`Sync ${handle.workflowId} → ${options.destination.url} (dataset ${options.destination.dataset})`);
    log(`Temporal UI: ${uiLink}`);
    if (!options.wait) return { workflowId: handle.workflowId, runId, uiLink };
    if (!options.runWorker)
      return { workflowId: handle.workflowId, runId, uiLink, result: await watch(handle, options.onProgress) };
    const worker = await createSluiceWorker({
      address: options.address,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      destination: options.workerDestination,
      secretsFile: options.secretsFile,
    });
    try {
      return {
        workflowId: handle.workflowId,
        runId,
        uiLink,
        result: await worker.worker.runUntil(watch(handle, options.onProgress)),
      };
    } finally {
      await worker.close();
    }
  } finally {
    await client.connection.close();
  }
}
