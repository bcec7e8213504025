import { Command, Option } from 'commander';
import { createDestination, redactDestinationUrl } from '../../engine/destinations/create-destination';
import type { LoadRecord } from '../../engine/destinations/destination';
import { DestinationError } from '../../engine/errors';
import { datasetHasLoads } from './dataset-exists';
import { formatCount, formatDuration } from './progress/format-status';
import { destinationRef } from '../destination-arg';
import { datasetOption, destOption, jsonOption, positiveInteger } from './options';

/** `sluice runs`'s parsed options. */
interface RunsOptions {
  dest?: string;
  dataset?: string;
  limit: number;
  json?: boolean;
}

/** `sluice runs --dest URL [--dataset NAME]`: lists `_sluice_loads`, newest first. */
export function runsCommand(): Command {
  return new Command('runs')
    .description('list the loads recorded in a dataset, newest first: one row per resource per sync')
    .addOption(destOption('destination: sqlite:PATH or postgres://user@host/db (default: .sluice/<dataset>.db)'))
    .addOption(datasetOption('dataset to read (default: default)'))
    .addOption(new Option('--limit <n>', 'show at most this many rows').default(20).argParser(positiveInteger))
    .addOption(jsonOption('print the rows as one JSON array'))
    .action(async function (this: Command, values: RunsOptions) {
      if (!values.dest && !values.dataset) this.error('error: name the dataset with --dest URL or --dataset NAME');
      await listRuns(values);
    });
}

/** `2m05s` between two ISO timestamps, or `running`. */
function duration(load: LoadRecord): string {
  if (!load.finishedAt) return load.status === 'running' ? 'running' : '';
  return formatDuration((Date.parse(load.finishedAt) - Date.parse(load.startedAt)) / 1000);
}

async function listRuns(values: RunsOptions): Promise<void> {
  const ref = destinationRef(values.dest, values.dataset ?? 'default');
  const url = values.dest ?? ref.url;
  if (!(await datasetHasLoads(url, ref.dataset)))
    throw new DestinationError(
      `dataset '${ref.dataset}' does not exist in ${redactDestinationUrl(url)}: nothing has been synced into it (check --dest and --dataset)`,
    );
  const destination = await createDestination({
    url,
    dataset: ref.dataset,
    password: process.env.PGPASSWORD,
  });
  try {
    const loads = await destination.listLoads(values.limit);
    if (values.json) console.log(JSON.stringify(loads));
    else
      for (const load of loads)
        console.log(
          `${load.startedAt.replace('T', ' ').slice(0, 19)}  ${duration(load).padStart(7)}  ${load.loadId.slice(0, 8)}  ${load.source}/${load.resource}  ${load.status}  ${formatCount(load.records)} records  ${formatCount(load.pages)} pages${load.error && load.error !== load.status ? `  ${load.error}` : ''}`,
        );
  } finally {
    await destination.close();
  }
}
