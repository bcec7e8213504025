// How a sync ends for the CLI, apart from the Temporal client, so the CLI knows its exit codes without loading it.
import { SluiceError } from '../engine/errors';

/** The sync workflow failed as a whole. */
export class SyncFailedError extends SluiceError {
  override name = 'SyncFailedError';
}

/**
 * The run stopped waiting on a signal; the sync itself goes on. The CLI exits with the shell's code for that signal
 * (130 for SIGINT, 143 for SIGTERM): not 0, as nothing is known to have completed, and not 1, which means it failed.
 */
export class SyncDetachedError extends SluiceError {
  override name = 'SyncDetachedError';
  /** 128 plus the signal's number. */
  readonly exitCode: number;

  constructor(message: string, signal: NodeJS.Signals) {
    super(message);
    this.exitCode = signalExitCode(signal);
  }
}

/** The exit code of a command a signal interrupted, as shells report it: 128 plus the signal's number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1);
}
