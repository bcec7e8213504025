import { Command, Option } from 'commander';
import { localServerAddress } from '../dev-server/local-port';
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
export interface ConnectOptions {
  temporal: string;
  namespace: string;
  dataset?: string;
  json?: boolean;
}

/** `sluice schedule create`'s options. */
export interface CreateOptions extends ConnectOptions {
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

export type TargetAction = 'describe' | 'pause' | 'unpause' | 'trigger' | 'delete';

const TARGET_DESCRIPTIONS: Record<TargetAction, string> = {
  describe: "show a schedule's timing, its next run, and its last run and outcome",
  pause: 'stop a schedule from firing until unpaused',
  unpause: 'let a paused schedule fire again',
  trigger: 'start a run now; skipped if the previous run is still going',
  delete: 'delete a schedule (its runs and loaded data stay)',
};

function targetCommand(action: TargetAction): Command {
  const command = new Command(action)
    .description(TARGET_DESCRIPTIONS[action])
    .argument('<schedule>', 'the schedule: its ID, or the CONFIG file it was created from')
    .addOption(datasetOption('dataset of the schedule, when it is named by CONFIG (default: the source name)'))
    .addOption(temporalOption(localServerAddress()))
    .addOption(namespaceOption());
  if (action === 'describe') command.addOption(jsonOption('print the status as a one-element JSON array'));
  return command.action(async (target: string, values: ConnectOptions) =>
    (await import('./schedule-action')).onTarget(action, target, values),
  );
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
    .addOption(temporalOption(localServerAddress()))
    .addOption(namespaceOption())
    .addOption(taskQueueOption())
    .action(async (configPath: string, values: CreateOptions) =>
      (await import('./schedule-action')).create(configPath, values),
    );
  const list = new Command('list')
    .description("list sluice's schedules with their next run and their last run and its outcome")
    .addOption(temporalOption(localServerAddress()))
    .addOption(namespaceOption())
    .addOption(jsonOption('print the statuses as one JSON array'))
    .action(async (values: ConnectOptions) => (await import('./schedule-action')).list(values));
  const command = new Command('schedule')
    .description('run syncs on Temporal Schedules; a firing while a run is going is skipped')
    .addHelpText('after', `\n${WORKERS_NOTE}`)
    .addCommand(create_)
    .addCommand(list);
  for (const action of ['describe', 'pause', 'unpause', 'trigger', 'delete'] as const)
    command.addCommand(targetCommand(action));
  return command;
}
