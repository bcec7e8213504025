import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleSpec,
} from '@temporalio/client';
import { SluiceError } from '../engine/errors';
import { SLUICE_DATASET, SLUICE_SOURCE, SLUICE_STATE } from '../engine/search-attributes';
import { DEFAULT_TASK_QUEUE, type SyncSourceInput } from '../engine/sync-types';
import { syncWorkflowId } from './sync-ids';

/** A schedule could not be created or found. */
export class ScheduleError extends SluiceError {
  override name = 'ScheduleError';
}

/** When a schedule fires: a fixed interval (`30m`, `1h`, `1d`) or a cron expression. */
export type ScheduleTiming = { every: string } | { cron: string };

/** Options for {@link createSyncSchedule}. */
export interface CreateSyncScheduleOptions {
  client: Client;
  /** The same input `sluice run` starts a sync with. */
  input: SyncSourceInput;
  timing: ScheduleTiming;
  taskQueue?: string;
  /** Override the derived schedule ID. */
  scheduleId?: string;
}

/** Where a schedule's runs stand, as `sluice schedule list` shows it. */
export interface ScheduleStatus {
  scheduleId: string;
  paused: boolean;
  spec: string;
  /** The next time the schedule fires, if any. */
  nextRun?: string;
  /** The last run the schedule started, and its workflow's status (`running`, `completed`, `failed`, …). */
  lastRun?: { workflowId: string; startedAt: string; outcome: string };
  /** Runs started so far (scheduled and triggered). */
  runs: number;
  /** Firings skipped because the previous run was still going. */
  skippedOverlap: number;
  source?: string;
  dataset?: string;
}

const DURATION = /^[1-9]\d*(s|m|h|d)$/;

/** Checks a `--every`/`--cron` pair, naming the flag that is wrong. */
export function scheduleTiming(every: string | undefined, cron: string | undefined): ScheduleTiming {
  if (every && cron) throw new ScheduleError('give either --every or --cron, not both');
  if (cron) {
    if (cron.trim().split(/\s+/).length < 5 && !cron.trim().startsWith('@'))
      throw new ScheduleError(`--cron "${cron}" must have five fields (minute hour day-of-month month day-of-week)`);
    return { cron };
  }
  if (!every) throw new ScheduleError('give --every DURATION (e.g. 1h) or --cron "EXPRESSION"');
  if (!DURATION.test(every))
    throw new ScheduleError(`--every ${every} must be a number and a unit: 30s, 15m, 1h or 1d`);
  return { every };
}

function specOf(timing: ScheduleTiming): ScheduleSpec {
  return 'every' in timing ? { intervals: [{ every: timing.every }] } : { cronExpressions: [timing.cron] };
}

/**
 * Creates a Temporal Schedule whose action starts the same `syncSource` workflow, with the same input, that
 * `sluice run` starts: each run resumes from the cursors the last one committed. A firing while a run is still going
 * is skipped. Runs need `sluice worker` processes polling the task queue.
 */
export async function createSyncSchedule(options: CreateSyncScheduleOptions): Promise<string> {
  const { client, input, timing } = options;
  const workflowId = syncWorkflowId(input.destination.dataset, input.source.name);
  const scheduleId = options.scheduleId ?? workflowId;
  try {
    await client.schedule.create({
      scheduleId,
      spec: specOf(timing),
      action: {
        type: 'startWorkflow',
        workflowType: 'syncSource',
        // Temporal appends the firing time to this ID, so each run has its own.
        workflowId,
        taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
        args: [input],
        staticSummary: `${input.source.name} → ${input.destination.dataset} (scheduled)`,
        typedSearchAttributes: [
          { key: SLUICE_DATASET, value: input.destination.dataset },
          { key: SLUICE_SOURCE, value: input.source.name },
          { key: SLUICE_STATE, value: 'running' },
        ],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      memo: { sluice: { source: input.source.name, dataset: input.destination.dataset, timing: timingText(timing) } },
    });
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning)
      throw new ScheduleError(`schedule ${scheduleId} already exists: delete it first, or pass --id`);
    throw error;
  }
  return scheduleId;
}

/** Runs `body` on a schedule, turning an unknown ID into one clear error. */
export async function onSchedule<T>(
  client: Client,
  scheduleId: string,
  body: (handle: ReturnType<Client['schedule']['getHandle']>) => Promise<T>,
): Promise<T> {
  try {
    return await body(client.schedule.getHandle(scheduleId));
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) throw new ScheduleError(`no schedule ${scheduleId}`);
    throw error;
  }
}

/** Starts a run now, unless one is still going (then Temporal counts it as skipped). */
export function triggerSchedule(client: Client, scheduleId: string): Promise<void> {
  return onSchedule(client, scheduleId, (handle) => handle.trigger(ScheduleOverlapPolicy.SKIP));
}

/** A timing as the user wrote it; Temporal keeps a cron expression only as calendars. */
function timingText(timing: ScheduleTiming): string {
  return 'every' in timing ? `every ${timing.every}` : `cron ${timing.cron}`;
}

/** What a workflow the schedule started has come to. */
async function outcomeOf(client: Client, workflowId: string): Promise<string> {
  try {
    const { status } = await client.workflow.getHandle(workflowId).describe();
    return status.name.toLowerCase();
  } catch {
    return 'unknown';
  }
}

/** Where one schedule's runs stand. */
export async function scheduleStatus(client: Client, scheduleId: string): Promise<ScheduleStatus> {
  const description = await onSchedule(client, scheduleId, (handle) => handle.describe());
  const last = description.info.recentActions.at(-1);
  const memo = (description.memo?.sluice ?? {}) as { source?: string; dataset?: string; timing?: string };
  return {
    scheduleId,
    paused: description.state.paused,
    spec: memo.timing ?? 'set outside sluice',
    nextRun: description.info.nextActionTimes[0]?.toISOString(),
    lastRun: last && {
      workflowId: last.action.workflow.workflowId,
      startedAt: last.takenAt.toISOString(),
      outcome: await outcomeOf(client, last.action.workflow.workflowId),
    },
    runs: description.info.numActionsTaken,
    skippedOverlap: description.info.numActionsSkippedOverlap,
    source: memo.source,
    dataset: memo.dataset,
  };
}

/** Every schedule sluice created in the namespace, with where its runs stand. */
export async function listSyncSchedules(client: Client): Promise<ScheduleStatus[]> {
  const ids: string[] = [];
  for await (const summary of client.schedule.list()) if (summary.memo?.sluice) ids.push(summary.scheduleId);
  return Promise.all(ids.sort().map((id) => scheduleStatus(client, id)));
}
