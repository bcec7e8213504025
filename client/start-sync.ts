import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { SluiceError } from '../engine/errors';
import { SLUICE_DATASET, SLUICE_SOURCE, SLUICE_STATE } from '../engine/search-attributes';
import { DEFAULT_TASK_QUEUE, type SyncSourceInput } from '../engine/sync-types';
import type { syncSource } from '../workflows/sync-source';
import { syncWorkflowId } from './sync-ids';

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

/**
 * Starts a sync on the user's Temporal client, or attaches to the one already running for the same dataset and
 * source (conflict policy USE_EXISTING). A running sync writing to another destination is refused, never joined: its
 * workflow ID leaves the destination out so that `sluice pause|cancel CONFIG` can find it.
 */
export async function startSync(
  options: StartSyncOptions,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof syncSource>> {
  return (await startOrAttachSync(options)).handle;
}

/** The sync {@link startOrAttachSync} started or attached to, and the task queue its tasks wait on. */
export interface StartedSync {
  handle: WorkflowHandleWithFirstExecutionRunId<typeof syncSource>;
  /** The queue given, for a sync this call started; an attached sync's own, which an earlier run chose. */
  taskQueue: string;
}

/** {@link startSync}, which also tells the task queue of the sync it started or attached to. */
export async function startOrAttachSync(options: StartSyncOptions): Promise<StartedSync> {
  const { client, taskQueue, workflowId, ...input } = options;
  // By its type name: the client never loads the workflow code.
  const handle = await client.workflow.start<typeof syncSource>('syncSource', {
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
  const description = await handle.describe();
  const running = description.memo?.destination;
  if (typeof running === 'string' && running !== input.destination.url)
    throw new SyncConflictError(
      `sync ${handle.workflowId} is already running into ${running}, not ${input.destination.url}: wait for it, ` +
        `stop it with \`sluice cancel ${handle.workflowId}\`, or give this run another --dataset`,
    );
  return { handle, taskQueue: description.taskQueue };
}
