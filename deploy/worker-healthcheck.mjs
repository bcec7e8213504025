// Health check of a sluice worker container: healthy when a worker on this host has polled the task queue for both
// workflow and activity tasks within the last two minutes, as the Temporal cluster records it. A worker's identity is
// `<pid>@<hostname>`, and each container has its own hostname.
// usage: node deploy/worker-healthcheck.mjs [--temporal HOST:PORT] [--namespace default] [--task-queue sluice] [--host NAME]
import { hostname } from 'node:os';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { Connection } from '@temporalio/client';

const { values } = parseArgs({
  options: {
    temporal: { type: 'string', default: 'localhost:7233' },
    namespace: { type: 'string', default: 'default' },
    'task-queue': { type: 'string', default: 'sluice' },
    host: { type: 'string', default: hostname() },
  },
});
/** A long poll lasts about a minute; a poller silent for twice that is gone. */
const MAX_AGE_MS = 120_000;
const TASK_QUEUE_TYPES = { workflow: 1, activity: 2 };

const connection = await Connection.connect({ address: values.temporal, connectTimeout: 5_000 });
try {
  for (const [kind, taskQueueType] of Object.entries(TASK_QUEUE_TYPES)) {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: values.namespace,
      taskQueue: { name: values['task-queue'] },
      taskQueueType,
    });
    const recent = (pollers ?? []).some(
      (poller) =>
        poller.identity?.endsWith(`@${values.host}`) &&
        Date.now() - Number(poller.lastAccessTime?.seconds ?? 0) * 1000 < MAX_AGE_MS,
    );
    if (!recent) {
      process.stderr.write(
        `no ${kind} poller from ${values.host} on task queue '${values['task-queue']}' in the last 2 min\n`,
      );
      process.exitCode = 1;
    }
  }
} finally {
  await connection.close();
}
