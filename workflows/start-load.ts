import { ApplicationFailure, deprecatePatch, isCancellation, uuid4 } from '@temporalio/workflow';
import type { CommittedCounts } from '../activities/committed-counts';
import { secretNames } from '../engine/secret-names';
import type { SyncSourceInput } from '../engine/sync-types';
import { bookkeeping } from './bookkeeping';
import { committedCounts } from './committed-counts';
import { failureMessage } from './failure-cause';
import { checkFleetSecrets } from './fleet-secrets';
import { DESTINATION_FAILS_FAST_PATCH, FLEET_SECRETS_PATCH } from './retired-patches';

/** The load a sync writes: new, or the unfinished one it resumes. */
export interface StartedLoad {
  loadId: string;
  resumed: boolean;
  /** When this run started the load, as the load's records give it. */
  startedAt: string;
  /** What earlier runs of a resumed load committed, by the resources' names in their checkpoints. */
  resumedCounts: CommittedCounts;
}

/**
 * Starts or resumes the source's load, once every worker of the task queue holds the source's secrets. A destination
 * that cannot be opened fails the sync within seconds, naming the destination and the cause.
 */
export async function startLoad(input: SyncSourceInput, taskQueue: string): Promise<StartedLoad> {
  const { source, destination } = input;
  deprecatePatch(FLEET_SECRETS_PATCH);
  await checkFleetSecrets(taskQueue, source.name, secretNames(source));
  const startedAt = new Date().toISOString();
  deprecatePatch(DESTINATION_FAILS_FAST_PATCH);
  const { loadId, resumed } = await bookkeeping()
    .beginLoad({
      sourceName: source.name,
      destination,
      resources: source.resources.map((r) => r.name),
      newLoadId: uuid4(),
      fullRefresh: input.fullRefresh ?? false,
      startedAt,
    })
    .catch((error: unknown) => {
      if (isCancellation(error)) throw error;
      throw ApplicationFailure.create({
        type: 'DestinationUnavailable',
        message: `cannot open the destination ${destination.url} (dataset ${destination.dataset}): ${failureMessage(error)}`,
        nonRetryable: true,
      });
    });
  // A resumed load's resources start from what earlier runs committed, so progress never restarts at 0.
  const resumedCounts = resumed
    ? await committedCounts(
        destination,
        loadId,
        source.resources.map((r) => r.table.resource),
      )
    : {};
  return { loadId, resumed, startedAt, resumedCounts };
}
