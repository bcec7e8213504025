import { Command, Option } from 'commander';
import { redactDestinationUrl } from '../../engine/destinations/destination-url';
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

/** `sluice runs --dest URL [--dataset NAME]`: every run's attempt at each resource, newest first. */
export function runsCommand(): Command {
  return new Command('runs')
    .description(
      'list the runs recorded in a dataset, newest first: one row per resource per attempt, failed and cancelled ones too',
    )
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

const endingOf = (load: LoadRecord) => `${load.loadId}\u0000${load.resource}\u0000${load.finishedAt ?? ''}`;

/**
 * Each attempt's ending, and the loads no attempt records: those running now, and those that ended before sluice
 * kept attempts. Newest first.
 */
export function mergeRuns(attempts: LoadRecord[], loads: LoadRecord[], limit: number): LoadRecord[] {
  const ended = new Set(attempts.map(endingOf));
  return [...attempts, ...loads.filter((load) => !ended.has(endingOf(load)))]
    .sort(
      (a, b) =>
        b.startedAt.localeCompare(a.startedAt) ||
        b.loadId.localeCompare(a.loadId) ||
        a.resource.localeCompare(b.resource),
    )
    .slice(0, limit);
}

async function listRuns(values: RunsOptions): Promise<void> {
  const ref = destinationRef(values.dest, values.dataset ?? 'default');
  const url = values.dest ?? ref.url;
  if (!(await datasetHasLoads(url, ref.dataset)))
    throw new DestinationError(
      `dataset '${ref.dataset}' does not exist in ${redactDestinationUrl(url)}: nothing has been synced into it (check --dest and --dataset)`,
    );
  // Loaded only now: the destination drivers are the bulk of what this command would otherwise load.
  const { createDestination } = await import('../../engine/destinations/create-destination');
  const destination = await createDestination({
    url,
    dataset: ref.dataset,
    password: process.env.PGPASSWORD,
  });
  try {
    const runs = mergeRuns(
      await destination.listAttempts(values.limit),
      await destination.listLoads(values.limit),
      values.limit,
    );
    if (values.json) console.log(JSON.stringify(runs));
    else
      for (const run of runs)
        console.log(
          `${run.startedAt.replace('T', ' ').slice(0, 19)}  ${duration(run).padStart(7)}  ${run.loadId.slice(0, 8)}  ${run.source}/${run.resource}  ${run.status}  ${formatCount(run.records)} records  ${formatCount(run.pages)} pages${run.error && run.error !== run.status ? `  ${run.error}` : ''}`,
        );
  } finally {
    await destination.close();
  }
}
