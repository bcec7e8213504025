const PROBE_SEPARATOR = '/worker/';

/**
 * The task queue on which one worker, and only it, answers the secrets check: Temporal cannot send a task to every
 * poller of a queue, but it can send one to each worker's own queue.
 */
export function probeQueue(taskQueue: string, identity: string): string {
  return `${taskQueue}${PROBE_SEPARATOR}${identity}`;
}

/** Whether a task queue is one worker's own probe queue ({@link probeQueue}). */
export function isProbeQueue(taskQueue: string): boolean {
  return taskQueue.includes(PROBE_SEPARATOR);
}
