import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  ChildWorkflowFailure,
  condition,
  executeChild,
  getExternalWorkflowHandle,
  deprecatePatch,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { SluiceActivities } from '../activities/create-activities';
import {
  SLUICE_DATASET,
  SLUICE_RESOURCE,
  SLUICE_SOURCE,
  SLUICE_STATE,
  type SluiceState,
} from '../engine/search-attributes';
import type { ResourceSpec } from '../engine/source-spec';
import type { ResourceOutcome, ResourceProgress, SyncSourceInput, SyncSourceResult } from '../engine/sync-types';
import { secretNames } from '../engine/secret-names';
import { committedCounts, COUNTS_FROM_CHECKPOINTS_PATCH } from './committed-counts';
import { pauseSignal, progressQuery, resourceProgressSignal, resumeSignal } from './definitions';
import { progressTable } from './describe';
import { checkFleetSecrets } from './fleet-secrets';
import { planResources } from './plan-resources';
import { recordSkips } from './record-skips';
import { SYNC_FAILED_TYPE, syncFailureMessage } from './sync-failure';
import { syncResource } from './sync-resource';

/** Resources walked at the same time. */
const MAX_PARALLEL_RESOURCES = 8;

// The patches below are deprecated, and their old branches gone: a sync started before a patch shipped can no longer
// run on this code, while one started since (its history carries the patch's marker) still replays. `deprecatePatch`
// marks new histories so that the calls can be deleted once no sync started before the deprecation is running:
// Temporal skips a deprecated marker the code no longer asks for, but fails on a marker `patched()` recorded.

/**
 * Syncs started before this patch start a child once its parent has an outcome, and wake only when a resource has
 * finished; a replacing parent's children could then start before its table was swapped in.
 */
const GATED_CHILDREN_PATCH = 'children-gated-on-parent-rows';
/**
 * Syncs started before this patch complete with `status: failed` when a resource fails, end as Completed when
 * cancelled, show nothing of a pause but the resources' rows, and start children while paused. Since, a sync with a
 * resource that did not complete fails (its failure lists every resource), a cancelled sync ends Cancelled, a pause
 * sets `SluiceState` and holds resources not started yet, and a skipped resource names its parent's ending.
 */
const TRUTHFUL_STATUS_PATCH = 'sync-status-tells-the-truth';

/**
 * Syncs started before this patch retry opening their destination for minutes and fail with "Activity task failed";
 * since, a destination that cannot be opened fails the sync within seconds, naming the destination and the cause.
 */
const DESTINATION_FAILS_FAST_PATCH = 'destination-fails-fast';

/**
 * Syncs started before this patch schedule their resources in a hand-written loop; since, `planResources` decides
 * what starts and what is skipped, and the workflow only waits for something to change.
 */
const RESOURCES_PLANNED_PATCH = 'resources-planned';

/** Syncs started before this patch do not ask the task queue's workers for the source's secrets before starting. */
const FLEET_SECRETS_PATCH = 'fleet-holds-secrets';

const { finishResource } = proxyActivities<SluiceActivities>({
  startToCloseTimeout: '2 minutes',
  // Whether a failure may be retried is the failure's own flag, set from its error class's `retryable`.
  retry: { maximumAttempts: 10 },
});
/** The worker's connect timeout (5 s) bounds each attempt: three attempts take under 20 s on a host that never answers. */
const { beginLoad: beginLoadQuickly } = proxyActivities<SluiceActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    maximumAttempts: 3,
    initialInterval: '1 second',
    maximumInterval: '2 seconds',
    nonRetryableErrorTypes: ['ConfigError', 'DestinationError'],
  },
});

/** The child workflow ID of a resource: derived from the source workflow's ID, so re-runs find it. */
export function resourceWorkflowId(sourceWorkflowId: string, resource: string): string {
  return `${sourceWorkflowId}/${resource}`;
}

function failureMessage(error: unknown): string {
  let current: unknown = error;
  while (
    current instanceof ChildWorkflowFailure ||
    (current instanceof Error && current.cause && !(current instanceof ApplicationFailure))
  ) {
    current = (current as Error).cause;
  }
  return current instanceof Error ? current.message : String(error);
}

/**
 * Syncs a whole source: starts or resumes a load, then runs one child workflow per resource, parents before their
 * children and independent resources in parallel. Reports which resources completed and which failed.
 */
export async function syncSource(input: SyncSourceInput): Promise<SyncSourceResult> {
  const { source, destination } = input;
  const info = workflowInfo();
  const root = CancellationScope.current();
  deprecatePatch(TRUTHFUL_STATUS_PATCH);
  deprecatePatch(GATED_CHILDREN_PATCH);
  deprecatePatch(COUNTS_FROM_CHECKPOINTS_PATCH);
  let paused = false;
  const setState = (state: SluiceState) => upsertSearchAttributes([{ key: SLUICE_STATE, value: state }]);
  const progress = new Map<string, ResourceProgress>(
    source.resources.map((r) => [
      r.name,
      { resource: r.name, state: 'waiting', pages: 0, records: 0, skippedPages: 0, partitions: 0 },
    ]),
  );
  const outcomes: Record<string, ResourceOutcome> = {};
  const finished = new Set<string>();
  /** Bumped whenever a resource gets its outcome or its run ends, for the scheduler to look again. */
  let changes = 0;
  const show = () =>
    setCurrentDetails(
      `${paused ? '**Paused**: no new page batch starts until `sluice resume`.\n\n' : ''}${progressTable([...progress.values()])}`,
    );
  setHandler(progressQuery, () => [...progress.values()]);
  setHandler(resourceProgressSignal, (update) => {
    progress.set(update.resource, update);
    show();
  });
  const forward = (signal: typeof pauseSignal | typeof resumeSignal) => () => {
    paused = signal === pauseSignal;
    setState(paused ? 'paused' : 'running');
    changes += 1;
    show();
    for (const row of progress.values()) {
      if (row.state === 'running' || row.state === 'paused')
        void getExternalWorkflowHandle(resourceWorkflowId(info.workflowId, row.resource))
          .signal(signal)
          .catch(() => undefined);
    }
  };
  setHandler(pauseSignal, forward(pauseSignal));
  setHandler(resumeSignal, forward(resumeSignal));

  deprecatePatch(FLEET_SECRETS_PATCH);
  await checkFleetSecrets(info.taskQueue, source.name, secretNames(source));
  const startedAt = new Date().toISOString();
  const beginInput = {
    sourceName: source.name,
    destination,
    resources: source.resources.map((r) => r.name),
    newLoadId: uuid4(),
    fullRefresh: input.fullRefresh ?? false,
    startedAt,
  };
  deprecatePatch(DESTINATION_FAILS_FAST_PATCH);
  const { loadId, resumed } = await beginLoadQuickly(beginInput).catch((error: unknown) => {
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
  for (const resource of source.resources) {
    const committed = resumedCounts[resource.table.resource];
    if (committed) progress.set(resource.name, { ...progress.get(resource.name)!, ...committed });
  }
  if (resumed) show();

  const finish = (resource: ResourceSpec, outcome: ResourceOutcome) =>
    finishResource({
      sourceName: source.name,
      destination,
      loadId,
      table: resource.table,
      outcome,
      startedAt,
      finishedAt: new Date().toISOString(),
    });
  const runResource = async (resource: ResourceSpec): Promise<void> => {
    progress.set(resource.name, { ...progress.get(resource.name)!, state: 'running' });
    show();
    const parentTable = resource.parent
      ? source.resources.find((r) => r.name === resource.parent!.resource)?.table
      : undefined;
    let outcome: ResourceOutcome;
    try {
      outcome = await executeChild(syncResource, {
        workflowId: resourceWorkflowId(info.workflowId, resource.name),
        staticSummary: `${source.name} → ${resource.table.tableName} (${resource.table.writeDisposition})`,
        typedSearchAttributes: [
          { key: SLUICE_DATASET, value: destination.dataset },
          { key: SLUICE_SOURCE, value: source.name },
          { key: SLUICE_RESOURCE, value: resource.name },
        ],
        args: [
          {
            sourceName: source.name,
            client: source.client,
            resource,
            parentTable,
            destination,
            loadId,
            ...(resumedCounts[resource.table.resource]
              ? { counts: { skippedPages: 0, partitions: 0, ...resumedCounts[resource.table.resource]! } }
              : {}),
            pagesPerActivity: input.pagesPerActivity,
            prefetchWindow: input.prefetchWindow,
            continueAsNewAfter: input.continueAsNewAfter,
          },
        ],
      });
    } catch (error) {
      const cancelled = isCancellation(error);
      // The batch that failed committed pages it never reported: the checkpoints know them.
      const committed = (await committedCounts(destination, loadId, [resource.table.resource]))[
        resource.table.resource
      ];
      outcome = {
        ...progress.get(resource.name)!,
        ...committed,
        status: cancelled ? 'cancelled' : 'failed',
        error: cancelled ? 'cancelled' : failureMessage(error),
      };
    }
    outcomes[resource.name] = outcome;
    changes += 1;
    progress.set(resource.name, {
      ...progress.get(resource.name)!,
      ...outcome,
      state: outcome.status,
    });
    show();
    await CancellationScope.nonCancellable(() => finish(resource, outcome));
    finished.add(resource.name);
  };

  const running = new Map<string, Promise<void>>();
  const start = (resource: ResourceSpec) => {
    const done = () => {
      running.delete(resource.name);
      changes += 1;
    };
    running.set(resource.name, runResource(resource).finally(done));
  };
  deprecatePatch(RESOURCES_PLANNED_PATCH);
  const resources = source.resources.map((r) => ({
    name: r.name,
    parent: r.parent?.resource,
    writeDisposition: r.table.writeDisposition,
  }));
  for (;;) {
    const seen = changes;
    const plan = planResources({
      resources,
      outcomes,
      finished,
      running: new Set(running.keys()),
      paused,
      maxParallel: MAX_PARALLEL_RESOURCES,
    });
    for (const { resource, error } of plan.skip) {
      outcomes[resource] = { status: 'skipped', pages: 0, records: 0, skippedPages: 0, partitions: 0, error };
      changes += 1;
      progress.set(resource, { ...progress.get(resource)!, state: 'skipped', error });
      show();
    }
    for (const name of plan.start) start(source.resources.find((r) => r.name === name)!);
    if (running.size === 0 && source.resources.every((r) => outcomes[r.name])) break;
    // Cancelling the sync cancels the resources' workflows, whose outcomes this loop still collects.
    await CancellationScope.nonCancellable(() => condition(() => changes !== seen));
  }

  await recordSkips(source.resources, outcomes, finish);
  const statuses = Object.values(outcomes).map((o) => o.status);
  const status = statuses.includes('cancelled')
    ? 'cancelled'
    : statuses.every((s) => s === 'completed')
      ? 'completed'
      : 'failed';
  const notes = [...source.notes, ...Object.values(outcomes).flatMap((o) => o.notes ?? [])];
  const result: SyncSourceResult = { loadId, resumed, status, resources: outcomes, notes };
  paused = false;
  show();
  if (root.consideredCancelled) {
    setState('cancelled');
    // Temporal records no details with a cancellation: `_sluice_loads` keeps what each resource committed.
    throw new CancelledFailure('the sync was cancelled; committed pages are kept');
  }
  setState(status === 'completed' ? 'completed' : 'failed');
  if (status !== 'completed')
    throw ApplicationFailure.create({
      type: SYNC_FAILED_TYPE,
      message: syncFailureMessage(outcomes),
      nonRetryable: true,
      details: [result],
    });
  return result;
}
