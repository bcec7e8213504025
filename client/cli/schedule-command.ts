import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
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
import { syncWorkflowId } from '../start-sync';
import {
  datasetOption,
  destOption,
  jsonOption,
  namespaceOption,
  setOption,
  taskQueueOption,
  temporalOption,
} from './options';

/** Options every `sluice schedule` subcommand takes. */
interface ConnectOptions {
  temporal: string;
  namespace: string;
  dataset?: string;
  json?: boolean;
}

/** `sluice schedule create`'s options. */
interface CreateOptions extends ConnectOptions {
  every?: string;
  cron?: string;
  dest?: string;
  set?: string[];
  taskQueue: string;
  id?: string;
}

const WORKERS_NOTE =
  'Scheduled runs are executed by `sluice worker` processes polling the task queue: the in-process worker of ' +
  '`sluice run` lives only as long as that run, so a schedule needs separate workers.';

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

async function create(configPath: string, values: CreateOptions): Promise<void> {
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

type TargetAction = 'describe' | 'pause' | 'unpause' | 'trigger' | 'delete';

const TARGET_DESCRIPTIONS: Record<TargetAction, string> = {
  describe: "show a schedule's timing, its next run, and its last run and outcome",
  pause: 'stop a schedule from firing until unpaused',
  unpause: 'let a paused schedule fire again',
  trigger: 'start a run now; skipped if the previous run is still going',
  delete: 'delete a schedule (its runs and loaded data stay)',
};

async function onTarget(action: TargetAction, target: string, values: ConnectOptions): Promise<void> {
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

function targetCommand(action: TargetAction): Command {
  const command = new Command(action)
    .description(TARGET_DESCRIPTIONS[action])
    .argument('<schedule>', 'the schedule: its ID, or the CONFIG file it was created from')
    .addOption(datasetOption('dataset of the schedule, when it is named by CONFIG (default: the source name)'))
    .addOption(temporalOption('localhost:7233'))
    .addOption(namespaceOption());
  if (action === 'describe') command.addOption(jsonOption('print the status as a one-element JSON array'));
  return command.action((target: string, values: ConnectOptions) => onTarget(action, target, values));
}

/** `sluice schedule create|list|describe|pause|unpause|trigger|delete`: syncs on Temporal Schedules. */
export function scheduleCommand(): Command {
  const create_ = new Command('create')
    .description('run a sync of CONFIG on a schedule, each run resuming from committed state')
    .addHelpText('after', `\n${WORKERS_NOTE}`)
    .argument('<config>', 'source config: .py, .md/.txt, .json, .yaml, .ts or .js')
    .addOption(new Option('--every <duration>', 'fire at this interval: 30s, 15m, 1h, 1d'))
    .addOption(new Option('--cron <expression>', 'fire on this cron expression (UTC), e.g. "0 3 * * *"'))
    .addOption(destOption('destination: sqlite:PATH or postgres://user@host/db (default: .sluice/<dataset>.db)'))
    .addOption(datasetOption('dataset (schema or file) to load into (default: the source name)'))
    .addOption(setOption())
    .addOption(new Option('--id <schedule-id>', 'schedule ID (default: sluice-<dataset>-<source>)'))
    .addOption(temporalOption('localhost:7233'))
    .addOption(namespaceOption())
    .addOption(taskQueueOption())
    .action(create);
  const list = new Command('list')
    .description("list sluice's schedules with their next run and their last run and its outcome")
    .addOption(temporalOption('localhost:7233'))
    .addOption(namespaceOption())
    .addOption(jsonOption('print the statuses as one JSON array'))
    .action((values: ConnectOptions) =>
      withClient(values, async (client) => print(await listSyncSchedules(client), values.json)),
    );
  const command = new Command('schedule')
    .description('run syncs on Temporal Schedules; a firing while a run is going is skipped')
    .addHelpText('after', `\n${WORKERS_NOTE}`)
    .addCommand(create_)
    .addCommand(list);
  for (const action of ['describe', 'pause', 'unpause', 'trigger', 'delete'] as const)
    command.addCommand(targetCommand(action));
  return command;
}
