import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SyncSourceResult } from '../../engine/sync-types';

/** A sync's result, whether it completed or failed: a failed sync carries its result as its failure's details. */
export async function syncOutcome(handle: WorkflowHandle): Promise<SyncSourceResult> {
  try {
    return (await handle.result()) as SyncSourceResult;
  } catch (error) {
    const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.details?.[0]) return cause.details[0] as SyncSourceResult;
    throw error;
  }
}
