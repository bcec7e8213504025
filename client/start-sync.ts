import type { Client, WorkflowHandle } from '@temporalio/client';
import { SLUICE_DATASET, SLUICE_SOURCE, SLUICE_STATE } from '../engine/search-attributes';
import { DEFAULT_TASK_QUEUE, type SyncSourceInput } from '../engine/sync-types';
import { syncSource } from '../workflows/sync-source';

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
 * Starts a sync on the user's Temporal client, or attaches to the one already running for the same dataset and
 * source (conflict policy USE_EXISTING).
 */
export async function startSync(options: StartSyncOptions): Promise<WorkflowHandle<typeof syncSource>> {
  const { client, taskQueue, workflowId, ...input } = options;
  return client.workflow.start(syncSource, {
    taskQueue: taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowId: workflowId ?? syncWorkflowId(input.destination.dataset, input.source.name),
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [input],
    staticSummary: `${input.source.name} → ${input.destination.dataset} (${input.source.resources.length} resources)`,
    typedSearchAttributes: [
      { key: SLUICE_DATASET, value: input.destination.dataset },
      { key: SLUICE_SOURCE, value: input.source.name },
      { key: SLUICE_STATE, value: 'running' },
    ],
  });
}
