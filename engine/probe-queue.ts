/**
 * The task queue on which one worker, and only it, answers the secrets check: Temporal cannot send a task to every
 * poller of a queue, but it can send one to each worker's own queue.
 */
export function probeQueue(taskQueue: string, identity: string): string {
  return `${taskQueue}/worker/${identity}`;
}
