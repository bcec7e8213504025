import { ActivityFailure, ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import { probeQueue } from '../engine/probe-queue';
import type { ProbeActivities, SecretsCheck } from '../worker/fleet';
import { bookkeeping } from './bookkeeping';

/** The failure type of a sync refused because a worker of its queue lacks a secret the source needs. */
export const WORKER_LACKS_SECRET_TYPE = 'WorkerLacksSecret';

/**
 * Asks every worker polling the sync's task queue whether it holds the secrets the source needs, and fails the sync at
 * once, naming each secret and each worker that lacks it, when one does not: any of them may be handed the source's
 * pages, so a fleet that differs in secrets would otherwise succeed or fail by chance. A worker that does not answer
 * within seconds has gone, and is left out.
 */
export async function checkFleetSecrets(taskQueue: string, sourceName: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const { probed, unprobed } = await bookkeeping().listActivityWorkers(taskQueue);
  if (unprobed.length > 0) log.warn('workers that cannot be asked for their secrets', { workers: unprobed });
  const checks = await Promise.all(
    probed.map((identity) =>
      proxyActivities<ProbeActivities>({
        taskQueue: probeQueue(taskQueue, identity),
        scheduleToStartTimeout: '10 seconds',
        startToCloseTimeout: '10 seconds',
        retry: { maximumAttempts: 1 },
      })
        .checkSecrets(names)
        .catch((error: unknown): SecretsCheck | undefined => {
          if (!(error instanceof ActivityFailure)) throw error;
          log.warn('a worker did not answer the secrets check; leaving it out', { worker: identity });
          return undefined;
        }),
    ),
  );
  const lacking = checks.filter((check): check is SecretsCheck => check !== undefined && check.missing.length > 0);
  if (lacking.length === 0) return;
  const each = lacking.map(
    ({ identity, missing }) =>
      `worker ${identity} lacks ${missing.map(({ name, reason }) => `secret '${name}' (${reason})`).join(', ')}`,
  );
  throw ApplicationFailure.create({
    type: WORKER_LACKS_SECRET_TYPE,
    nonRetryable: true,
    message: `${each.join('; ')}: every worker polling task queue '${taskQueue}' must hold the secrets of source '${sourceName}'; give it them, or run it on another task queue`,
  });
}
