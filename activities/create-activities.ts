import { Context } from '@temporalio/activity';
import type { SyncPagesInput, SyncPagesResult } from '../engine/sync-types';
import { beginLoad, finishResource, type BeginLoadInput, type BeginLoadResult, type FinishResourceInput } from './load-activities';
import { syncPages, type ActivityDeps } from './sync-pages';
import { withFailureMapping } from './to-application-failure';

/**
 * sluice's activities, bound to the worker's HTTP client, secrets and destination pool. Workflows import the type
 * of this object only.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    /** Starts or resumes a load. */
    beginLoad(input: BeginLoadInput): Promise<BeginLoadResult> {
      return withFailureMapping(() => beginLoad(deps.destinations, input));
    },
    /** Fetches and commits pages of one resource, each page in one transaction with its checkpoint. */
    fetchAndWritePages(input: SyncPagesInput): Promise<SyncPagesResult> {
      const context = Context.current();
      return withFailureMapping(() =>
        syncPages(deps, input, {
          heartbeat: (cursor) => context.heartbeat(cursor),
          checkCancelled: () => {
            if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
          },
        }),
      );
    },
    /** Records a resource's outcome and swaps in replaced tables. */
    finishResource(input: FinishResourceInput): Promise<void> {
      return withFailureMapping(() => finishResource(deps.destinations, input));
    },
  };
}

/** The activity interface, for `proxyActivities` in workflows. */
export type SluiceActivities = ReturnType<typeof createActivities>;
