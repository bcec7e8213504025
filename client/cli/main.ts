import { SluiceError } from '../../engine/errors';
import { installCliLogger } from './quiet-runtime';
import { cancelCommand, pauseCommand, progressCommand, resumeCommand, runsCommand } from './control-commands';
import { runCommand } from './run-command';
import { serverCommand } from './server-command';
import { UsageError } from './usage-error';
import { schemaCommand, validateCommand } from './validate-command';
import { workerCommand } from './worker-command';

const USAGE = `usage: sluice <command> [options]

commands:
  run CONFIG [--dest URL] [--dataset NAME] [--set PATH=VALUE]... [--temporal HOST:PORT] [--no-wait] [--json]
  server [--db PATH] [--port 7233] [--ui-port 8233]
  worker [--temporal HOST:PORT] [--namespace default] [--task-queue sluice] [--dest URL]
  pause|resume|cancel|progress CONFIG|WORKFLOW_ID [--temporal HOST:PORT] [--dataset NAME]
  runs --dest URL | --dataset NAME
  validate CONFIG [--set PATH=VALUE]...
  schema
  demo [--keep-server]`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  server: serverCommand,
  worker: workerCommand,
  validate: validateCommand,
  schema: schemaCommand,
  pause: pauseCommand,
  resume: resumeCommand,
  cancel: cancelCommand,
  progress: progressCommand,
  runs: runsCommand,
  demo: async (argv) => (await import('./demo-command')).demoCommand(argv),
};

/** Runs the CLI and returns its exit code. Errors become one line on stderr, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    console.error(`sluice: unknown command '${command}'\n${USAGE}`);
    return 2;
  }
  installCliLogger();
  try {
    return await handler(rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`sluice ${command}: ${message}`);
    if (process.env.SLUICE_DEBUG && error instanceof Error) console.error(error.stack);
    return error instanceof UsageError ? 2 : error instanceof SluiceError ? 1 : 1;
  }
}
