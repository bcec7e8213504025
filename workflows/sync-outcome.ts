import { ApplicationFailure, CancelledFailure } from '@temporalio/workflow';
import type { SourceSpec } from '../engine/source-spec';
import type { ResourceOutcome, SyncSourceResult } from '../engine/sync-types';
import type { StartedLoad } from './start-load';
import { SYNC_FAILED_TYPE, syncFailureMessage } from './sync-failure';
import type { SyncProgress } from './sync-progress';

/**
 * Ends the source workflow from its resources' outcomes: it completes only when every resource completed, ends
 * Cancelled when it was cancelled, and otherwise fails with a message naming each resource that did not complete
 * and why (the result goes with the failure as its details). `SluiceState` says which.
 */
export function endSync(
  source: SourceSpec,
  load: StartedLoad,
  outcomes: Record<string, ResourceOutcome>,
  progress: SyncProgress,
  cancelled: boolean,
): SyncSourceResult {
  const statuses = Object.values(outcomes).map((o) => o.status);
  const status = statuses.includes('cancelled')
    ? 'cancelled'
    : statuses.every((s) => s === 'completed')
      ? 'completed'
      : 'failed';
  const notes = [...source.notes, ...Object.values(outcomes).flatMap((o) => o.notes ?? [])];
  const result: SyncSourceResult = {
    loadId: load.loadId,
    resumed: load.resumed,
    status,
    resources: outcomes,
    notes,
  };
  progress.end();
  if (cancelled) {
    progress.setState('cancelled');
    // Temporal records no details with a cancellation: `_sluice_loads` keeps what each resource committed.
    throw new CancelledFailure('the sync was cancelled; committed pages are kept');
  }
  progress.setState(status === 'completed' ? 'completed' : 'failed');
  if (status !== 'completed')
    throw ApplicationFailure.create({
      type: SYNC_FAILED_TYPE,
      message: syncFailureMessage(outcomes),
      nonRetryable: true,
      details: [result],
    });
  return result;
}
