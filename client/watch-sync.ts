import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ResourceProgress, SyncSourceResult } from '../engine/sync-types';
import { progressQuery } from '../workflows/definitions';
import type { syncSource } from '../workflows/sync-source';
import { isCancelledSync, syncResult } from './sync-outcome';
import { signalExitCode, SyncDetachedError, SyncFailedError } from './sync-errors';

export { signalExitCode, SyncDetachedError, SyncFailedError } from './sync-errors';

/** Options for {@link watchSync}. */
export interface WatchSyncOptions {
  handle: WorkflowHandle<typeof syncSource>;
  /** Temporal frontend and namespace, for the commands printed on detach. */
  address: string;
  namespace: string;
  /** The run's own worker executes the sync: the first Ctrl-C cancels it, the second leaves at once. */
  embedded: boolean;
  log: (line: string) => void;
  onProgress?: (rows: ResourceProgress[]) => void;
  /** Stops waiting, rejecting with the abort reason (the run could not start its worker). */
  abort?: AbortSignal;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Waits for a sync's result while reporting its progress. With workers elsewhere, SIGINT or SIGTERM detaches at once
 * and prints how to watch, pause or cancel the sync, which keeps running. With the run's own worker, the first signal
 * cancels the sync and waits for it to end Cancelled (committed pages are kept, and the next run resumes from them),
 * the second leaves at once.
 */
export async function watchSync(options: WatchSyncOptions): Promise<SyncSourceResult> {
  const { handle, log } = options;
  // One progress query at a time, each with a deadline, so none is still retrying when the connection closes.
  let querying: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (!options.onProgress || querying) return;
    querying = handle.client
      .withDeadline(Date.now() + 900, () => handle.query(progressQuery))
      .then(options.onProgress, () => undefined)
      .finally(() => (querying = undefined));
  }, 1000);
  let cancelling = false;
  let detach: (error: Error) => void = () => undefined;
  const detached = new Promise<never>((_, reject) => (detach = reject));
  options.abort?.addEventListener('abort', () => detach(options.abort!.reason as Error));
  const onSignal = (signal: NodeJS.Signals) => {
    const target = `${handle.workflowId} --temporal ${options.address} --namespace ${options.namespace}`;
    if (options.embedded && !cancelling) {
      cancelling = true;
      log(
        `${signal}: cancelling sync ${handle.workflowId}; committed pages are kept and the next run resumes from them.`,
      );
      log('Press Ctrl-C again to leave now: the sync then ends when a run of this source polls its queue again.');
      handle.cancel().catch((error: unknown) => detach(error as Error));
      return;
    }
    if (!options.embedded) {
      log(`${signal}: detached; sync ${handle.workflowId} keeps running on ${options.address}.`);
      log(`  watch:  sluice progress ${target}`);
      log(`  pause:  sluice pause ${target}`);
      log(`  cancel: sluice cancel ${target}`);
    }
    detach(new SyncDetachedError(`detached from sync ${handle.workflowId}, which keeps running`, signal));
    // Leaving must not wait for gRPC calls in flight (the result's long poll) to wind down.
    setTimeout(() => process.exit(signalExitCode(signal)), 1000).unref();
  };
  SIGNALS.forEach((signal) => process.on(signal, onSignal));
  try {
    return await Promise.race([syncResult(handle.result()), detached]);
  } catch (error) {
    if (isCancelledSync(error))
      throw new SyncFailedError(
        `sync ${handle.workflowId} was cancelled: committed pages are kept, and the next run resumes from them`,
      );
    if (error instanceof WorkflowFailedError)
      throw new SyncFailedError(`sync ${handle.workflowId} failed: ${error.cause?.message ?? error.message}`);
    throw error;
  } finally {
    SIGNALS.forEach((signal) => process.off(signal, onSignal));
    clearInterval(timer);
    await querying;
  }
}
