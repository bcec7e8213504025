import { Command } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { codecServerCommand } from './codec-server-command';
import { controlCommand } from './control-commands';
import { demoCommand } from './demo-command';
import { runCommand } from './run-command';
import { runsCommand } from './runs-command';
import { scheduleCommand } from './schedule-command';
import { serverCommand } from './server-command';
import { standbyCommand } from './standby-command';
import { schemaCommand, validateCommand } from './validate-command';
import { workerCommand } from './worker-command';

/** Commands sluice starts itself, left out of `--help`: a standby is started beside the shared local server. */
export const HIDDEN_COMMANDS: ReadonlySet<string> = new Set(['standby']);

/** The `sluice` command line: every command, its arguments and options, from which `--help` is generated. */
export function createProgram(): Command {
  return new Command('sluice')
    .description('Durable REST-to-database syncs on Temporal, driven by dlt rest_api_source configs')
    .version(packageJson.version, '-V, --version', 'print the version of sluice')
    .addCommand(runCommand())
    .addCommand(serverCommand())
    .addCommand(workerCommand())
    .addCommand(controlCommand('pause'))
    .addCommand(controlCommand('resume'))
    .addCommand(controlCommand('cancel'))
    .addCommand(controlCommand('progress'))
    .addCommand(runsCommand())
    .addCommand(scheduleCommand())
    .addCommand(codecServerCommand())
    .addCommand(validateCommand())
    .addCommand(schemaCommand())
    .addCommand(demoCommand())
    .addCommand(standbyCommand(), { hidden: true });
}

/** Every command of `program`, itself included, depth first. */
export function allCommands(program: Command): Command[] {
  return [program, ...program.commands.flatMap(allCommands)];
}

/** The words that invoke `command` from the top of its program, e.g. `['server', 'stop']`. */
export function commandPath(command: Command): string[] {
  return command.parent ? [...commandPath(command.parent), command.name()] : [];
}
