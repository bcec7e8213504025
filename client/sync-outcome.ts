import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { SyncSourceResult } from '../engine/sync-types';
import { SYNC_FAILED_TYPE } from '../workflows/sync-failure';

/**
 * The result a failed sync carries in its failure's details, so a caller can still list what completed; undefined for
 * any other failure (a cancelled sync, or a workflow that crashed, timed out or was terminated).
 */
export function resultOfFailure(error: unknown): SyncSourceResult | undefined {
  if (!(error instanceof WorkflowFailedError)) return undefined;
  const cause = error.cause;
  const carries = cause instanceof ApplicationFailure && cause.type === SYNC_FAILED_TYPE;
  const details = carries ? (cause.details as unknown[] | undefined) : undefined;
  const result = details?.[0] as SyncSourceResult | undefined;
  return result && typeof result === 'object' && 'resources' in result ? result : undefined;
}

/** Whether a sync's workflow ended Cancelled. */
export function isCancelledSync(error: unknown): boolean {
  return error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure;
}

/** Awaits a sync's result, turning a failure that carries one back into the result (status failed). */
export async function syncResult(result: Promise<SyncSourceResult>): Promise<SyncSourceResult> {
  try {
    return await result;
  } catch (error) {
    const carried = resultOfFailure(error);
    if (carried) return carried;
    throw error;
  }
}
