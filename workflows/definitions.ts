import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ResourceProgress } from '../engine/sync-types';

/** Live progress: per resource for a source workflow, one entry for a resource workflow. */
export const progressQuery = defineQuery<ResourceProgress[]>('progress');
/** Stops starting new page batches until `resume`; the batch in flight completes and commits. */
export const pauseSignal = defineSignal('pause');
/** Lets a paused sync continue. */
export const resumeSignal = defineSignal('resume');
/** A resource workflow tells its source workflow where it stands. */
export const resourceProgressSignal = defineSignal<[ResourceProgress]>('resourceProgress');
