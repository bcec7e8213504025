import { existsSync } from 'node:fs';
import { sourceNameOf } from '../../engine/config/load-config-file';
import { createDestination } from '../../engine/destinations/create-destination';
import { pauseSignal, progressQuery, resumeSignal } from '../../workflows/definitions';
import { connectClient } from '../connect';
import { destinationRef } from '../destination-arg';
import { syncWorkflowId } from '../start-sync';
import { parseCommand, UsageError } from './usage-error';

const TARGET_OPTIONS = {
  temporal: { type: 'string', default: 'localhost:7233' },
  namespace: { type: 'string', default: 'default' },
  dataset: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** A sync is named by its workflow ID, or by the config file (and dataset) it was started from. */
function workflowIdOf(target: string | undefined, dataset: string | undefined): string {
  if (!target) throw new UsageError('name the sync: a CONFIG file or a workflow ID');
  if (!existsSync(target)) return target;
  const name = sourceNameOf(target);
  return syncWorkflowId(dataset ?? name, name);
}

function control(action: 'pause' | 'resume' | 'cancel' | 'progress') {
  return async (argv: string[]): Promise<number> => {
    const { values, positionals } = parseCommand(argv, TARGET_OPTIONS, 1);
    const workflowId = workflowIdOf(positionals[0], values.dataset);
    const client = await connectClient(values.temporal, values.namespace);
    try {
      const handle = client.workflow.getHandle(workflowId);
      if (action === 'pause') await handle.signal(pauseSignal);
      else if (action === 'resume') await handle.signal(resumeSignal);
      else if (action === 'cancel') await handle.cancel();
      else {
        const rows = await handle.query(progressQuery);
        if (values.json) console.log(JSON.stringify(rows));
        else
          for (const row of rows)
            console.log(
              `${row.resource.padEnd(28)} ${row.state.padEnd(10)} ${String(row.records).padStart(9)} records ${String(row.pages).padStart(7)} pages${row.lastUrl ? `  ${row.lastUrl}` : ''}`,
            );
        return 0;
      }
      console.error(`${action === 'cancel' ? 'cancellation requested' : `${action}d`}: ${workflowId}`);
      return 0;
    } finally {
      await client.connection.close();
    }
  };
}

/** `sluice pause|resume|cancel|progress CONFIG|WORKFLOW_ID`. */
export const pauseCommand = control('pause');
export const resumeCommand = control('resume');
export const cancelCommand = control('cancel');
export const progressCommand = control('progress');

/** `sluice runs --dest URL [--dataset NAME]`: lists `_sluice_loads`, newest first. */
export async function runsCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, {
    dest: { type: 'string' },
    dataset: { type: 'string' },
    limit: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  });
  if (!values.dest && !values.dataset) throw new UsageError('sluice runs needs --dest URL or --dataset NAME');
  const ref = destinationRef(values.dest, values.dataset ?? 'default');
  const destination = await createDestination({
    url: values.dest ?? ref.url,
    dataset: ref.dataset,
    password: process.env.PGPASSWORD,
  });
  try {
    await destination.ensureSystemTables();
    const loads = await destination.listLoads(Number(values.limit));
    if (values.json) console.log(JSON.stringify(loads));
    else
      for (const load of loads)
        console.log(
          `${load.startedAt}  ${load.loadId.slice(0, 8)}  ${load.source}/${load.resource}  ${load.status}  ${load.records} records  ${load.pages} pages${load.error ? `  ${load.error}` : ''}`,
        );
    return 0;
  } finally {
    await destination.close();
  }
}
