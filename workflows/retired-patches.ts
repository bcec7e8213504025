// Every patch here is deprecated, and its old branch deleted: a sync started before a patch shipped can no longer run
// on this code, while one started since (its history carries the patch's marker) still replays. `deprecatePatch`
// marks new histories so that the calls can be deleted once no sync started before the deprecation is running:
// Temporal skips a deprecated marker the code no longer asks for, but fails on a marker `patched()` recorded.

/**
 * Syncs started before this patch complete with `status: failed` when a resource fails, end as Completed when
 * cancelled, show nothing of a pause but the resources' rows, and start children while paused. Since, a sync with a
 * resource that did not complete fails (its failure lists every resource), a cancelled sync ends Cancelled, a pause
 * sets `SluiceState` and holds resources not started yet, and a skipped resource names its parent's ending.
 */
export const TRUTHFUL_STATUS_PATCH = 'sync-status-tells-the-truth';

/**
 * Syncs started before this patch start a child once its parent has an outcome, and wake only when a resource has
 * finished; a replacing parent's children could then start before its table was swapped in.
 */
export const GATED_CHILDREN_PATCH = 'children-gated-on-parent-rows';

/**
 * Syncs started before this patch report a failed or cancelled resource with the counts its batches had reported,
 * so pages committed by the batch that failed were missing (often all of them: 0 records), and start a resumed
 * load's counts at 0. Since, both are read from the load's checkpoints.
 */
export const COUNTS_FROM_CHECKPOINTS_PATCH = 'counts-from-checkpoints';

/** Syncs started before this patch do not ask the task queue's workers for the source's secrets before starting. */
export const FLEET_SECRETS_PATCH = 'fleet-holds-secrets';

/**
 * Syncs started before this patch retry opening their destination for minutes and fail with "Activity task failed";
 * since, a destination that cannot be opened fails the sync within seconds, naming the destination and the cause.
 */
export const DESTINATION_FAILS_FAST_PATCH = 'destination-fails-fast';

/**
 * Syncs started before this patch schedule their resources in a hand-written loop; since, `planResources` decides
 * what starts and what is skipped, and the workflow only waits for something to change.
 */
export const RESOURCES_PLANNED_PATCH = 'resources-planned';

/**
 * Syncs started before this patch never recorded a skipped resource's ending, so `_sluice_loads` and `sluice runs`
 * showed it as running forever. Since, each skipped resource is recorded as skipped, with its reason.
 */
export const SKIPS_RECORDED_PATCH = 'skipped-resources-recorded';

/**
 * Resource workflows started before this patch signal their final progress to the source workflow and wait for the
 * signal to be delivered before completing; the source workflow takes it from the outcome anyway.
 */
export const OUTCOME_ONLY_PATCH = 'final-progress-in-outcome';
