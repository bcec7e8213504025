import { getExternalWorkflowHandle, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { SLUICE_STATE, type SluiceState } from '../engine/search-attributes';
import type { ResourceSpec } from '../engine/source-spec';
import type { ResourceProgress } from '../engine/sync-types';
import { pauseSignal, progressQuery, resourceProgressSignal, resumeSignal } from './definitions';
import { progressTable } from './describe';
import { resourceWorkflowId } from './run-resource';

/** What the source workflow shows of its resources: the `progress` query, its current details and `SluiceState`. */
export interface SyncProgress {
  /** Each resource's latest progress, by name. */
  readonly rows: ReadonlyMap<string, ResourceProgress>;
  /** A paused sync starts no new resource. */
  readonly paused: boolean;
  /** Merges `change` into a resource's row. */
  update(resource: string, change: Partial<ResourceProgress>): void;
  /** Writes the rows into the workflow's current details. */
  show(): void;
  setState(state: SluiceState): void;
  /** Ends a pause when the sync ends, so that its last details do not say it is paused. */
  end(): void;
}

/**
 * Tracks the resources' progress, answers the `progress` query, takes the resources' progress signals, and handles
 * pause and resume: they are forwarded to the resources running, and `changed` is called so that the scheduler holds
 * or starts the others. Handlers are set at once, before the workflow first waits, so that no signal is missed.
 */
export function trackSyncProgress(
  resources: readonly ResourceSpec[],
  workflowId: string,
  changed: () => void,
): SyncProgress {
  let paused = false;
  const rows = new Map<string, ResourceProgress>(
    resources.map((r) => [
      r.name,
      { resource: r.name, state: 'waiting', pages: 0, records: 0, skippedPages: 0, partitions: 0 },
    ]),
  );
  const show = () =>
    setCurrentDetails(
      `${paused ? '**Paused**: no new page batch starts until `sluice resume`.\n\n' : ''}${progressTable([...rows.values()])}`,
    );
  const setState = (state: SluiceState) => upsertSearchAttributes([{ key: SLUICE_STATE, value: state }]);
  setHandler(progressQuery, () => [...rows.values()]);
  setHandler(resourceProgressSignal, (update) => {
    rows.set(update.resource, update);
    show();
  });
  const forward = (signal: typeof pauseSignal | typeof resumeSignal) => () => {
    paused = signal === pauseSignal;
    setState(paused ? 'paused' : 'running');
    changed();
    show();
    for (const row of rows.values()) {
      if (row.state === 'running' || row.state === 'paused')
        void getExternalWorkflowHandle(resourceWorkflowId(workflowId, row.resource))
          .signal(signal)
          .catch(() => undefined);
    }
  };
  setHandler(pauseSignal, forward(pauseSignal));
  setHandler(resumeSignal, forward(resumeSignal));
  return {
    rows,
    get paused() {
      return paused;
    },
    update: (resource, change) => void rows.set(resource, { ...rows.get(resource)!, ...change }),
    show,
    setState,
    end: () => {
      paused = false;
      show();
    },
  };
}
