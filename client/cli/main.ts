import type { Command, CommanderError } from 'commander';
import { allCommands, commandPath, createProgram } from './program';
import { errorLine, usageErrorLine } from './error-line';
import { SyncDetachedError } from '../sync-errors';
import { setCliBuild } from '../standby/cli-build';

/** A command-line mistake, raised by the command whose parser found it. */
class UsageFailure extends Error {
  constructor(
    readonly command: Command,
    override readonly cause: CommanderError,
  ) {
    super(cause.message);
  }
}

/** Commands that neither connect to Temporal nor run a worker, so need no Temporal runtime. */
const OFFLINE_COMMANDS = new Set(['validate', 'schema', 'runs']);
/**
 * Commands that install the Temporal runtime themselves, once their input is checked: `run` loads it while a local
 * server boots, instead of before reading its config; a standby leaves it to the run it serves.
 */
const SELF_INSTALLING_COMMANDS = new Set(['run', 'standby']);

/**
 * Runs the CLI and returns its exit code. Errors become one line on stderr, never a stack trace. `build` is the
 * compiled CLI's directory, which names the standby that serves runs of this build.
 */
export async function main(argv: string[], options: { build?: string } = {}): Promise<number> {
  setCliBuild(options.build);
  const program = createProgram();
  for (const command of allCommands(program))
    command
      .showHelpAfterError(false)
      .configureOutput({ outputError: () => undefined })
      .exitOverride((error) => {
        throw new UsageFailure(command, error);
      });
  let running: Command = program;
  program.hook('preAction', async (_, actionCommand) => {
    running = actionCommand;
    if (OFFLINE_COMMANDS.has(actionCommand.name()) || SELF_INSTALLING_COMMANDS.has(actionCommand.name())) return;
    // Installed once the command is known: `worker --metrics-port` configures the runtime's exporter. Loaded only
    // then, as the Temporal runtime is the heaviest thing the CLI loads.
    const { installCliLogger } = await import('./quiet-runtime');
    installCliLogger({ metricsPort: (actionCommand.opts() as { metricsPort?: number }).metricsPort });
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof UsageFailure) {
      if (error.cause.exitCode === 0) return 0;
      const help = error.cause.code === 'commander.help';
      const name = ['sluice', ...commandPath(error.command)].join(' ');
      if (!help) console.error(usageErrorLine(name, error.cause.message));
      return 2;
    }
    console.error(`${['sluice', ...commandPath(running)].join(' ')}: ${errorLine(error)}`);
    if (process.env.SLUICE_DEBUG && error instanceof Error) console.error(error.stack);
    return error instanceof SyncDetachedError ? error.exitCode : 1;
  }
}
