import { CancellationScope, proxyActivities } from '@temporalio/workflow';
import type { SluiceActivities } from '../activities/create-activities';
import type { CommittedCounts } from '../activities/committed-counts';
import type { DestinationRef } from '../engine/sync-types';

/**
 * Syncs started before this patch report a failed or cancelled resource with the counts its batches had reported,
 * so pages committed by the batch that failed were missing (often all of them: 0 records), and start a resumed
 * load's counts at 0. Since, both are read from the load's checkpoints. Deprecated, like the source workflow's other
 * patches (see sync-source.ts): syncs started before it can no longer run.
 */
export const COUNTS_FROM_CHECKPOINTS_PATCH = 'counts-from-checkpoints';

const { readCommittedCounts } = proxyActivities<SluiceActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second', maximumInterval: '2 seconds' },
});

/**
 * What a load has committed per resource, read even while the sync is being cancelled. Counts are a report, not a
 * reason to fail: when the destination cannot answer, the result is empty and callers keep what they know.
 */
export async function committedCounts(
  destination: DestinationRef,
  loadId: string,
  resources: string[],
): Promise<CommittedCounts> {
  return CancellationScope.nonCancellable(() =>
    readCommittedCounts({ destination, loadId, resources }).catch((): CommittedCounts => ({})),
  );
}
