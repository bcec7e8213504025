import { markPhase } from '../bin/timings.js';
import { parseDestinationUrl } from '../engine/destinations/create-destination';
import type { SourceSpec } from '../engine/source-spec';
import {
  DEFAULT_TASK_QUEUE,
  type DestinationRef,
  type ResourceProgress,
  type SyncSourceResult,
} from '../engine/sync-types';
import { connectClient } from './connect';
import { workflowUiUrl } from './embedded-temporal';
import { embeddedTaskQueue, startSync, syncWorkflowId } from './start-sync';
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
  // The worker's modules load while the client connects and starts the workflow, rather than before.
  const workerModule = options.runWorker && options.wait ? import('../worker/create-worker') : undefined;
  workerModule?.catch(() => undefined);
  const client = await connectClient(address, namespace);
  markPhase('client connected');
  try {
    const handle = await startSync({
      client,
      source: options.source,
      destination: options.destination,
      taskQueue,
      workflowId,
      fullRefresh: options.fullRefresh,
    });
    // Once the workflow is ours, its worker is created while the run is described: creation takes the longer.
    const early = workerModule?.then(({ createSluiceWorker }) =>
      createSluiceWorker({
        address,
        namespace,
        taskQueue,
        destination: options.workerDestination,
        secretsFile: options.secretsFile,
        openDestination: options.destination,
      }),
    );
    // A failure to create it is reported where it is awaited; until then it must not count as unhandled.
    early?.catch(() => undefined);
    const { runId } = await handle.describe().catch(async (error: unknown) => {
      // A created worker holds a thread until it has run: run it down on this sync's own queue, then close it.
      await early?.then(
        (worker) => worker.worker.runUntil(Promise.resolve()).finally(() => worker.close()),
        () => undefined,
      );
      throw error;
    });
    markPhase('workflow started');
    const uiLink = workflowUiUrl(options.uiUrl, handle.workflowId, runId, namespace);
    log(`Sync ${handle.workflowId} → ${options.destination.url} (dataset ${options.destination.dataset})`);
    log(`Temporal UI: ${uiLink}`);
    const stopLooking = options.runWorker
      ? () => undefined
      : reportMissingWorker({ client, namespace, taskQueue, address, log });
    try {
      if (!options.wait) return { workflowId: handle.workflowId, runId, uiLink };
      // Watching starts before the worker, so that a Ctrl-C while the worker starts is handled as documented.
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
      if (!options.runWorker) return { workflowId: handle.workflowId, runId, uiLink, result: await watching };
      const worker = await early!.catch(async (error: unknown) => {
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
      }
    } finally {
      stopLooking();
    }
  } finally {
    await client.connection.close();
    markPhase('client closed');
  }
}
