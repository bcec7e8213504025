import { CancellationScope, proxyActivities } from '@temporalio/workflow';
import type { SluiceActivities } from '../activities/create-activities';
import type { CommittedCounts } from '../activities/committed-counts';
import type { DestinationRef } from '../engine/sync-types';

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
