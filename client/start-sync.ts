import type { Client, WorkflowHandle } from '@temporalio/client';
import { SluiceError } from '../engine/errors';
import { SLUICE_DATASET, SLUICE_SOURCE, SLUICE_STATE } from '../engine/search-attributes';
import { DEFAULT_TASK_QUEUE, type SyncSourceInput } from '../engine/sync-types';
import { syncSource } from '../workflows/sync-source';

/** A sync of the same dataset and source is already running into another destination. */
export class SyncConflictError extends SluiceError {
  override name = 'SyncConflictError';
}

/** Options for {@link startSync}. */
export interface StartSyncOptions extends SyncSourceInput {
  client: Client;
  /** Task queue the workers poll (default {@link DEFAULT_TASK_QUEUE}). */
  taskQueue?: string;
  /** Override the derived workflow ID. */
  workflowId?: string;
}

/** The workflow ID of a sync: one per dataset and source, so that a re-run finds a sync already running. */
export function syncWorkflowId(dataset: string, sourceName: string): string {
  return `sluice-${dataset}-${sourceName}`;
}

/**
 * The task queue of an embedded run's in-process worker: its own sync's workflow ID. Concurrent runs of different
 * sources then never execute each other's work (nor need each other's secrets), and a re-run of the same source
 * polls the queue its unfinished sync waits on.
 */
export function embeddedTaskQueue(workflowId: string): string {
  return workflowId;
}

/**
 * Starts a sync on the user's Temporal client, or attaches to the one already running for the same dataset and
 * source (conflict policy USE_EXISTING). A running sync writing to another destination is refused, never joined: its
 * workflow ID leaves the destination out so that `sluice pause|cancel CONFIG` can find it.
 */
export async function startSync(options: StartSyncOptions): Promise<WorkflowHandle<typeof syncSource>> {
  const { client, taskQueue, workflowId, ...input } = options;
  const handle = await client.workflow.start(syncSource, {
    taskQueue: taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: workflowId ?? syncWorkflowId(input.destination.dataset, input.source.name),
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [input],
    memo: { destination: input.destination.url },
    staticSummary: `${input.source.name} → ${input.destination.dataset} (${input.source.resources.length} resources)`,
    typedSearchAttributes: [
      { key: SLUICE_DATASET, value: input.destination.dataset },
      { key: SLUICE_SOURCE, value: input.source.name },
      { key: SLUICE_STATE, value: 'running' },
    ],
  });
  const running = (await handle.describe()).memo?.destination;
  if (typeof running === 'string' && running !== input.destination.url)
    throw new SyncConflictError(
      `sync ${handle.workflowId} is already running into ${running}, not ${input.destination.url}: wait for it, ` +
        `stop it with \`sluice cancel ${handle.workflowId}\`, or give this run another --dataset`,
    );
  return handle;
}
