import type { Client } from '@temporalio/client';
import { loadSource } from '../client/load-source';
import { startSync } from '../client/start-sync';
import type { SyncSourceResult } from '../engine/sync-types';

/** Options of one timed sluice sync. */
export interface TimedSyncOptions {
  client: Client;
  taskQueue: string;
  config: string;
  sets: string[];
  destination: { url: string; dataset: string };
  prefetchWindow?: number;
}

/** Runs one sync through the real workflow path and times it. */
export async function timedSync(
  options: TimedSyncOptions,
): Promise<{ seconds: number; result: SyncSourceResult; workflowId: string }> {
  const source = await loadSource(options.config, options.sets);
  const started = performance.now();
  const handle = await startSync({
    client: options.client,
    source,
    destination: options.destination,
    taskQueue: options.taskQueue,
    workflowId: `bench-${options.destination.dataset}-${Date.now()}`,
    prefetchWindow: options.prefetchWindow,
    fullRefresh: true,
  });
  const result = await handle.result();
  if (result.status !== 'completed') throw new Error(`bench sync failed: ${JSON.stringify(result.resources)}`);
  return { seconds: (performance.now() - started) / 1000, result, workflowId: handle.workflowId };
}
