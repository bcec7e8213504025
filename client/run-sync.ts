import type { Client } from '@temporalio/client';
import { markPhase } from '../bin/timings.js';
import { parseDestinationUrl } from '../engine/destinations/destination-url';
import type { SourceSpec } from '../engine/source-spec';
import {
  DEFAULT_TASK_QUEUE,
  type DestinationRef,
  type ResourceProgress,
  type SyncSourceResult,
} from '../engine/sync-types';
import { clientOn, connectClient } from './connect';
import { beginEmbeddedWorker, discardWorker, moveEmbeddedWorker, type EmbeddedWorker } from './embedded-worker';
import { workflowUiUrl } from './embedded-temporal';
import { startOrAttachSync } from './start-sync';
import { endRunLimiter } from './end-run-limiter';
import { embeddedTaskQueue, isRunOwnQueue, syncWorkflowId } from './sync-ids';
import { reportMissingWorker } from './task-queue-pollers';
import { watchSync } from './watch-sync';

export { SyncDetachedError, SyncFailedError } from './sync-errors';

/** Options for {@link runSync}. */
export interface RunSyncOptions {
  source: SourceSpec;
  destination: DestinationRef;
  /** Temporal frontend host:port. */
  address: string;
  /** Temporal UI base URL, for the printed link. */
  uiUrl: string;
  namespace: string;
  /**
   * Task queue of the sync. Default: with an in-process worker, the sync's own ({@link embeddedTaskQueue}), so that
   * concurrent runs never execute each other's work; otherwise `sluice`.
   */
  taskQueue?: string;
  /** Run an in-process worker until the sync ends (embedded mode). */
  runWorker: boolean;
  /** That worker, when the caller began it on the sync's task queue before loading this module ({@link beginEmbeddedWorker}). */
  worker?: EmbeddedWorker;
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

/** Starts a sync (or attaches to the running one), prints its UI link and progress, and waits for it. */
export async function runSync(options: RunSyncOptions): Promise<RunSyncOutcome> {
  const { log, address, namespace } = options;
  parseDestinationUrl(options.destination.url);
  const workflowId = syncWorkflowId(options.destination.dataset, options.source.name);
  const taskQueue = options.taskQueue ?? (options.runWorker ? embeddedTaskQueue(workflowId) : DEFAULT_TASK_QUEUE);
  const workerSettings = {
    namespace,
    destination: options.workerDestination,
    secretsFile: options.secretsFile,
    openDestination: options.destination,
  };
  // The worker is begun first: its workflow thread boots on another core while the sync starts on its connection.
  let embedded =
    options.runWorker && options.wait
      ? (options.worker ?? (await beginEmbeddedWorker({ address, taskQueue, ...workerSettings })))
      : undefined;
  let client: Client | undefined;
  let workerRuns = false;
  try {
    client = embedded
      ? await clientOn(embedded.connection, address, namespace)
      : await connectClient(address, namespace);
    markPhase('client connected');
    const { handle, taskQueue: syncQueue } = await startOrAttachSync({
      client,
      source: options.source,
      destination: options.destination,
      taskQueue,
      workflowId,
      fullRefresh: options.fullRefresh,
    });
    // The run attached to a sync that an earlier run started on another queue: its worker follows the sync's tasks.
    if (embedded && syncQueue !== taskQueue)
      embedded = await moveEmbeddedWorker(embedded, { taskQueue: syncQueue, ...workerSettings });
    // The run that started, or the running one it attached to (conflict policy USE_EXISTING).
    const runId = handle.firstExecutionRunId;
    markPhase('workflow started');
    const uiLink = workflowUiUrl(options.uiUrl, handle.workflowId, runId, namespace);
    log(`Sync ${handle.workflowId} → ${options.destination.url} (dataset ${options.destination.dataset})`);
    log(`Temporal UI: ${uiLink}`);
    const stopLooking = options.runWorker
      ? () => undefined
      : reportMissingWorker({ client, namespace, taskQueue, address, log });
    try {
      if (!options.wait) return { workflowId: handle.workflowId, runId, uiLink };
      // Watching starts before the worker runs, so that a Ctrl-C while the worker starts is handled as documented.
      const abort = new AbortController();
      const watching = watchSync({
        handle,
        address,
        namespace,
        embedded: options.runWorker,
        log,
        onProgress: options.onProgress,
        abort: abort.signal,
      });
      if (!embedded) return { workflowId: handle.workflowId, runId, uiLink, result: await watching };
      workerRuns = true;
      const worker = await embedded.worker.catch(async (error: unknown) => {
        abort.abort(error);
        await watching.catch(() => undefined);
        throw error;
      });
      markPhase('worker created');
      try {
        const result = await worker.worker.runUntil(watching);
        markPhase('sync ended, worker stopped');
        return { workflowId: handle.workflowId, runId, uiLink, result };
      } finally {
        await worker.close();
        markPhase('worker closed');
        // Whether the sync ended or the run left it running, no worker of this run will ever serve the limiter again.
        if (isRunOwnQueue(syncQueue, workflowId)) await endRunLimiter(client, syncQueue, options.source);
      }
    } finally {
      stopLooking();
    }
  } finally {
    // An embedded worker that never ran goes with its connection, which the client shares.
    if (embedded && !workerRuns) await discardWorker(embedded);
    else await client?.connection.close();
    markPhase('client closed');
  }
}
