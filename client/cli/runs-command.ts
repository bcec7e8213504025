import { Command, Option } from 'commander';
import { createDestination } from '../../engine/destinations/create-destination';
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

async function listRuns(values: RunsOptions): Promise<void> {
  const ref = destinationRef(values.dest, values.dataset ?? 'default');
  const destination = await createDestination({
    url: values.dest ?? ref.url,
    dataset: ref.dataset,
    password: process.env.PGPASSWORD,
  });
  try {
    await destination.ensureSystemTables();
    const loads = await destination.listLoads(values.limit);
    if (values.json) console.log(JSON.stringify(loads));
    else
      for (const load of loads)
        console.log(
          `${load.startedAt}  ${load.loadId.slice(0, 8)}  ${load.source}/${load.resource}  ${load.status}  ${load.records} records  ${load.pages} pages${load.error ? `  ${load.error}` : ''}`,
        );
  } finally {
    await destination.close();
  }
}
