import type { ResourceProgress } from '../../../engine/sync-types';
import { PlainProgress } from './plain-progress';
import { TtyProgress } from './tty-progress';

/** Shows a running sync's progress, and the lines printed meanwhile without tearing it. */
export interface ProgressDisplay {
  /** Takes one answer of the progress query. */
  update(rows: ResourceProgress[]): void;
  /** Prints a line above the progress. */
  log(line: string): void;
  /** Draws the last state and leaves the terminal as it was. */
  stop(): void;
}

/** Live bars on a terminal; plain lines, at most every 10 s, into a pipe or a file. */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  return stream.isTTY ? new TtyProgress(stream) : new PlainProgress((line) => stream.write(`${line}\n`));
}
