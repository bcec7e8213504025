import { CancellationScope } from '@temporalio/workflow';
import type { CommittedCounts } from '../activities/committed-counts';
import type { DestinationRef } from '../engine/sync-types';
import { bookkeeping } from './bookkeeping';

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
    bookkeeping()
      .readCommittedCounts({ destination, loadId, resources })
      .catch((): CommittedCounts => ({})),
  );
}
