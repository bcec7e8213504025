import type { Client } from '@temporalio/client';
import protos from '@temporalio/proto';

const { TaskQueueKind, TaskQueueType } = protos.temporal.api.enums.v1;

/** A poller seen longer ago than this has gone: live workers poll again at least every minute. */
const POLLER_FRESH_MS = 75_000;

/** The identities of the workers that polled a task queue for workflow tasks within the last minute or so. */
export async function workflowPollers(client: Client, namespace: string, taskQueue: string): Promise<string[]> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  const since = Date.now() - POLLER_FRESH_MS;
  return pollers
    .filter((p) => {
      const at = p.lastAccessTime;
      return !at || Number(at.seconds ?? 0) * 1000 + (at.nanos ?? 0) / 1e6 >= since;
    })
    .map((p) => p.identity ?? 'unknown worker');
}

/** Options for {@link reportMissingWorker}. */
export interface MissingWorkerOptions {
  client: Client;
  namespace: string;
  taskQueue: string;
  address: string;
  log: (line: string) => void;
  /** When to look, in milliseconds after the start (default 3 s, then 8 s). */
  checksAtMs?: number[];
}

/**
 * Says, within ten seconds of a start, when no worker polls the sync's task queue, with the command that starts one:
 * a sync whose queue nobody polls (a typo in `--task-queue`, no worker deployed) would otherwise wait in silence.
 * Returns a function that stops looking.
 */
export function reportMissingWorker(options: MissingWorkerOptions): () => void {
  const { client, namespace, taskQueue, address, log } = options;
  let told = false;
  const timers = (options.checksAtMs ?? [3000, 8000]).map((ms) =>
    setTimeout(() => {
      if (told) return;
      workflowPollers(client, namespace, taskQueue)
        .then((pollers) => {
          if (pollers.length > 0 || told) return;
          told = true;
          log(
            `No worker polls task queue '${taskQueue}' on ${address}; the sync waits until one does. Start one with: ` +
              `sluice worker --temporal ${address} --namespace ${namespace} --task-queue ${taskQueue}`,
          );
        })
        .catch(() => undefined);
    }, ms),
  );
  return () => timers.forEach(clearTimeout);
}
