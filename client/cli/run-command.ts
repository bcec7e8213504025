import { Command } from 'commander';
import type { RunOptions } from './run-start';
import {
  datasetOption,
  destOption,
  jsonOption,
  namespaceOption,
  secretsOption,
  setOption,
  taskQueueOption,
  temporalOption,
} from './options';

/** `sluice run CONFIG`: starts a sync (or attaches to the running one), waits for it and prints a summary. */
export function runCommand(): Command {
  return new Command('run')
    .description('run a sync of CONFIG, or attach to the one running, and wait for it')
    .argument('<config>', 'source config: .py, .md/.txt, .json, .yaml, .ts or .js')
    .addOption(destOption('destination: sqlite:PATH or postgres://user@host/db (default: .sluice/<dataset>.db)'))
    .addOption(datasetOption('dataset (schema or file) to load into (default: the source name)'))
    .addOption(setOption())
    .addOption(temporalOption())
    .addOption(namespaceOption())
    .addOption(taskQueueOption(null))
    .addOption(secretsOption())
    .option('--no-wait', 'return once the sync has started, without waiting for it')
    .option('--full-refresh', 'ignore saved cursors and reload every resource from the start')
    .addOption(jsonOption('print {"workflowId","runId","status","resources":{…}} as the last line of stdout'))
    .action(async (configPath: string, values: RunOptions) => (await import('./run-action')).run(configPath, values));
}
