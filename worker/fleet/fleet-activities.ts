import { hostname } from 'node:os';
import { Context, log } from '@temporalio/activity';
import protos from '@temporalio/proto';
import { processAlive } from '../../bin/process-alive.js';
import type { SecretResolver } from '../../engine/config/secrets';
import { MissingSecretError } from '../../engine/errors';
import { probeQueue } from '../../engine/probe-queue';

const { TaskQueueKind, TaskQueueType } = protos.temporal.api.enums.v1;

/** A poller seen longer ago than this has gone: live workers poll again at least every minute. */
const POLLER_FRESH_MS = 75_000;

/** The workers polling a task queue for activities, split by whether they answer the secrets check. */
export interface FleetListing {
  /** Workers whose own probe queue is polled: they can be asked which secrets they hold. */
  probed: string[];
  /** Workers without a probe queue (a user's own worker built on sluice's activities): they cannot be asked. */
  unprobed: string[];
}

/** What one worker answers about a set of secrets. */
export interface SecretsCheck {
  identity: string;
  /** The names of the secrets it cannot resolve, each with why. */
  missing: Array<{ name: string; reason: string }>;
}

/** The fleet activities a workflow calls on the shared queue. */
export interface FleetActivities {
  /** The workers that polled the task queue for activities in the last minute or so. */
  listActivityWorkers(taskQueue: string): Promise<FleetListing>;
}

/** The activity each worker answers on its own probe queue. */
export interface ProbeActivities {
  checkSecrets(names: string[]): Promise<SecretsCheck>;
}

/** Identities of the workers that polled `taskQueue` for activity tasks recently. */
async function activityPollers(namespace: string, taskQueue: string): Promise<string[]> {
  const { pollers } = await Context.current().client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  });
  const since = Date.now() - POLLER_FRESH_MS;
  const fresh = pollers.filter((p) => {
    const at = p.lastAccessTime;
    return !at || Number(at.seconds ?? 0) * 1000 + (at.nanos ?? 0) / 1e6 >= since;
  });
  return [...new Set(fresh.map((p) => p.identity ?? '').filter((identity) => identity !== ''))].sort();
}

/**
 * Whether a worker identity in Temporal's default form (`pid@host`) names a process of this host that has exited.
 * The server lists a worker as a poller for a minute after it stops, and asking it would cost the sync the probe's
 * whole timeout: a local sync re-run right after the last one would otherwise wait for its own dead worker.
 */
export function exitedOnThisHost(identity: string): boolean {
  const match = /^(\d+)@(.+)$/.exec(identity);
  return Boolean(match && match[2] === hostname() && !processAlive(Number(match[1])));
}

/** Creates the activity that lists a queue's workers, registered on the shared queue. */
export function createFleetActivities(): FleetActivities {
  return {
    async listActivityWorkers(taskQueue) {
      const namespace = Context.current().info.activityNamespace;
      const listing: FleetListing = { probed: [], unprobed: [] };
      for (const identity of await activityPollers(namespace, taskQueue)) {
        if (exitedOnThisHost(identity)) {
          log.info('a worker listed on the task queue has exited; leaving it out of the secrets check', {
            worker: identity,
          });
          continue;
        }
        const probed = (await activityPollers(namespace, probeQueue(taskQueue, identity))).includes(identity);
        (probed ? listing.probed : listing.unprobed).push(identity);
      }
      return listing;
    },
  };
}

/** Creates the secrets check a worker answers on its probe queue; it names missing secrets, never values. */
export function createProbeActivities(identity: string, secrets: SecretResolver): ProbeActivities {
  return {
    async checkSecrets(names) {
      const missing: SecretsCheck['missing'] = [];
      for (const name of names) {
        try {
          secrets.resolve(name);
        } catch (error) {
          const reason = error instanceof MissingSecretError ? 'not set' : (error as Error).message.split('\n')[0]!;
          missing.push({ name, reason });
        }
      }
      return { identity, missing };
    },
  };
}
