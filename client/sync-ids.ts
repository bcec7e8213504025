// The names a sync is known by, kept free of Temporal's modules so that a command can derive them before loading any.
import { randomBytes } from 'node:crypto';

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
 * The task queue of a worker a standby prepares before it knows the sync it will serve: its own, so that a run it
 * serves never executes another's work. A re-run of an unfinished sync moves to the queue that sync waits on.
 */
export function standbyTaskQueue(pid: number): string {
  return `sluice-run-${pid}-${randomBytes(4).toString('hex')}`;
}
/** Every name {@link standbyTaskQueue} gives. */
const STANDBY_TASK_QUEUE = /^sluice-run-\d+-[0-9a-f]{8}$/;

/** Whether `taskQueue` is one that only the runs of the sync `workflowId` poll, never a queue `--task-queue` named. */
export function isRunOwnQueue(taskQueue: string, workflowId: string): boolean {
  return taskQueue === embeddedTaskQueue(workflowId) || STANDBY_TASK_QUEUE.test(taskQueue);
}
