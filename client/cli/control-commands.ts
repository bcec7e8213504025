import { Command } from 'commander';
import { localServerAddress } from '../dev-server/local-port';
import { datasetOption, jsonOption, namespaceOption, temporalOption } from './options';

/** The options every command that steers a running sync takes. */
export interface ControlOptions {
  temporal: string;
  namespace: string;
  dataset?: string;
  json?: boolean;
}

export type Action = 'pause' | 'resume' | 'cancel' | 'progress';

const DESCRIPTIONS: Record<Action, string> = {
  pause: 'pause a running sync once the page batch in flight has committed',
  resume: 'resume a paused sync',
  cancel: 'cancel a sync, keeping every committed page; the next run resumes from there',
  progress: 'show state, records, pages and the last URL of each resource of a sync',
};

/** `sluice pause|resume|cancel|progress CONFIG|WORKFLOW_ID`. */
export function controlCommand(action: Action): Command {
  const command = new Command(action)
    .description(DESCRIPTIONS[action])
    .argument('<target>', 'the sync: its CONFIG file, or its workflow ID')
    .addOption(temporalOption(localServerAddress()))
    .addOption(namespaceOption())
    .addOption(datasetOption('dataset the sync loads into, when it is named by CONFIG (default: the source name)'));
  if (action === 'progress') command.addOption(jsonOption('print the rows as one JSON array'));
  return command.action(async (target: string, values: ControlOptions) =>
    (await import('./control-action')).control(action, target, values),
  );
}
