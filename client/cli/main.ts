import type { Command, CommanderError } from 'commander';
import { allCommands, commandPath, createProgram } from './program';
import { errorLine, usageErrorLine } from './error-line';
import { installCliLogger } from './quiet-runtime';
import { SyncDetachedError } from '../watch-sync';

/** A command-line mistake, raised by the command whose parser found it. */
class UsageFailure extends Error {
  constructor(
    readonly command: Command,
    override readonly cause: CommanderError,
  ) {
    super(cause.message);
  }
}

/** Runs the CLI and returns its exit code. Errors become one line on stderr, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  for (const command of allCommands(program))
    command
      .showHelpAfterError(false)
      .configureOutput({ outputError: () => undefined })
      .exitOverride((error) => {
        throw new UsageFailure(command, error);
      });
  let running: Command = program;
  program.hook('preAction', (_, actionCommand) => {
    running = actionCommand;
    // Installed once the command is known: `worker --metrics-port` configures the runtime's exporter.
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
