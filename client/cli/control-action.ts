// What the commands that steer a running sync do, loaded only when one runs: they need the Temporal client.
import { existsSync } from 'node:fs';
import { sourceNameOf } from '../../engine/config/load-config-file';
import { pauseSignal, progressQuery, resumeSignal } from '../../workflows/definitions';
import { connectClient } from '../connect';
import { syncWorkflowId } from '../sync-ids';
import type { Action, ControlOptions } from './control-commands';

/** A sync is named by its workflow ID, or by the config file (and dataset) it was started from. */
function workflowIdOf(target: string, dataset: string | undefined): string {
  if (!existsSync(target)) return target;
  const name = sourceNameOf(target);
  return syncWorkflowId(dataset ?? name, name);
}

/** Signals, cancels or queries the sync `target` names. */
export async function control(action: Action, target: string, values: ControlOptions): Promise<void> {
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
