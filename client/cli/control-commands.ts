import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { sourceNameOf } from '../../engine/config/load-config-file';
import { pauseSignal, progressQuery, resumeSignal } from '../../workflows/definitions';
import { connectClient } from '../connect';
import { syncWorkflowId } from '../start-sync';
import { datasetOption, jsonOption, namespaceOption, temporalOption } from './options';

/** The options every command that steers a running sync takes. */
interface ControlOptions {
  temporal: string;
  namespace: string;
  dataset?: string;
  json?: boolean;
}

type Action = 'pause' | 'resume' | 'cancel' | 'progress';

const DESCRIPTIONS: Record<Action, string> = {
  pause: 'pause a running sync once the page batch in flight has committed',
  resume: 'resume a paused sync',
  cancel: 'cancel a sync, keeping every committed page; the next run resumes from there',
  progress: 'show state, records, pages and the last URL of each resource of a sync',
};

/** A sync is named by its workflow ID, or by the config file (and dataset) it was started from. */
function workflowIdOf(target: string, dataset: string | undefined): string {
  if (!existsSync(target)) return target;
  const name = sourceNameOf(target);
  return syncWorkflowId(dataset ?? name, name);
}

async function control(action: Action, target: string, values: ControlOptions): Promise<void> {
  const workflowId = workflowIdOf(target, values.dataset);
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
      return;
    }
    console.error(`${action === 'cancel' ? 'cancellation requested' : `${action}d`}: ${workflowId}`);
  } finally {
    await client.connection.close();
  }
}

/** `sluice pause|resume|cancel|progress CONFIG|WORKFLOW_ID`. */
export function controlCommand(action: Action): Command {
  const command = new Command(action)
    .description(DESCRIPTIONS[action])
    .argument('<target>', 'the sync: its CONFIG file, or its workflow ID')
    .addOption(temporalOption('localhost:7233'))
    .addOption(namespaceOption())
    .addOption(datasetOption('dataset the sync loads into, when it is named by CONFIG (default: the source name)'));
  if (action === 'progress') command.addOption(jsonOption('print the rows as one JSON array'));
  return command.action((target: string, values: ControlOptions) => control(action, target, values));
}
