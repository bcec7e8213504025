// What `sluice schedule`'s subcommands do, loaded only when one runs: they need the Temporal client.
import { existsSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { sourceNameOf } from '../../engine/config/load-config-file';
import { connectClient } from '../connect';
import { destinationRef } from '../destination-arg';
import { loadSource } from '../load-source';
import {
  createSyncSchedule,
  listSyncSchedules,
  onSchedule,
  scheduleStatus,
  scheduleTiming,
  triggerSchedule,
  type ScheduleStatus,
} from '../schedules';
import { syncWorkflowId } from '../sync-ids';
import type { ConnectOptions, CreateOptions, TargetAction } from './schedule-command';

async function withClient<T>(values: ConnectOptions, body: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectClient(values.temporal, values.namespace);
  try {
    return await body(client);
  } finally {
    await client.connection.close();
  }
}

/** A schedule is named by its ID, or by the config file (and dataset) it was created from. */
function scheduleIdOf(target: string, dataset: string | undefined): string {
  if (!existsSync(target)) return target;
  const name = sourceNameOf(target);
  return syncWorkflowId(dataset ?? name, name);
}

function statusLines(status: ScheduleStatus): string[] {
  const last = status.lastRun ? `${status.lastRun.startedAt} ${status.lastRun.outcome}` : 'none yet';
  return [
    `${status.scheduleId}  ${status.paused ? 'paused' : 'active'}  ${status.spec}`,
    `  next run: ${status.paused ? 'paused' : (status.nextRun ?? 'none')}`,
    `  last run: ${last}${status.lastRun ? `  (${status.lastRun.workflowId})` : ''}`,
    `  runs started: ${status.runs}, skipped while a run was going: ${status.skippedOverlap}`,
  ];
}

function print(statuses: ScheduleStatus[], json: boolean | undefined): void {
  if (json) console.log(JSON.stringify(statuses));
  else if (statuses.length === 0) console.log('no schedules');
  else statuses.flatMap(statusLines).forEach((line) => console.log(line));
}

/** `sluice schedule create CONFIG`. */
export async function create(configPath: string, values: CreateOptions): Promise<void> {
  const timing = scheduleTiming(values.every, values.cron);
  const source = await loadSource(configPath, values.set ?? []);
  const destination = destinationRef(values.dest, values.dataset ?? source.name);
  await withClient(values, async (client) => {
    const id = await createSyncSchedule({
      client,
      input: { source, destination, fullRefresh: false },
      timing,
      taskQueue: values.taskQueue,
      scheduleId: values.id,
    });
    console.error(`created schedule ${id}: ${source.name} → ${destination.url} (dataset ${destination.dataset})`);
    console.error(`runs need a worker: sluice worker --temporal ${values.temporal} --task-queue ${values.taskQueue}`);
  });
}

/** `sluice schedule list`. */
export async function list(values: ConnectOptions): Promise<void> {
  await withClient(values, async (client) => print(await listSyncSchedules(client), values.json));
}

/** `sluice schedule describe|pause|unpause|trigger|delete SCHEDULE`. */
export async function onTarget(action: TargetAction, target: string, values: ConnectOptions): Promise<void> {
  const id = scheduleIdOf(target, values.dataset);
  await withClient(values, async (client) => {
    if (action === 'describe') return print([await scheduleStatus(client, id)], values.json);
    if (action === 'trigger') await triggerSchedule(client, id);
    else
      await onSchedule(client, id, (handle) =>
        action === 'pause' ? handle.pause() : action === 'unpause' ? handle.unpause() : handle.delete(),
      );
    console.error(`${action === 'trigger' ? 'triggered' : `${action}d`}: ${id}`);
  });
}
