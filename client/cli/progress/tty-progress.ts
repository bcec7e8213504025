import cliProgress, { type MultiBar, type Options, type Params, type SingleBar } from 'cli-progress';
import type { ResourceProgress } from '../../../engine/sync-types';
import { statusFigures } from './format-status';
import type { ProgressDisplay } from './progress-display';
import { ProgressTracker, type ResourceStatus } from './progress-tracker';

/** Bars count in thousandths, so a fraction keeps its precision. */
const SCALE = 1000;

interface Payload {
  status: ResourceStatus;
  nameWidth: number;
}

/** `files     [████░░░░] running  12,345 records  …`: a bar only where the API reports a total. */
function formatLine(options: Options, params: Params, payload: Payload): string {
  const { status, nameWidth } = payload;
  const bar =
    status.fraction !== undefined
      ? cliProgress.Format.BarFormat(params.progress, options)
      : ' '.repeat(options.barsize!);
  return `${status.resource.padEnd(nameWidth)} ${bar} ${status.state.padEnd(9)} ${statusFigures(status)}`;
}

/** Live progress on a terminal: one line per resource, redrawn in place by cli-progress, cleared at the end. */
export class TtyProgress implements ProgressDisplay {
  private readonly tracker = new ProgressTracker();
  private readonly bars = new Map<string, SingleBar>();
  private readonly multibar: MultiBar;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.multibar = new cliProgress.MultiBar({
      stream,
      format: formatLine,
      barsize: 20,
      barCompleteChar: '\u2588',
      barIncompleteChar: '\u2591',
      hideCursor: true,
      clearOnComplete: true,
      gracefulExit: false,
      autopadding: false,
    });
  }

  update(rows: ResourceProgress[]): void {
    const nameWidth = Math.max(0, ...rows.map((row) => row.resource.length));
    for (const status of this.tracker.update(rows, Date.now())) {
      const value = Math.round((status.fraction ?? 0) * SCALE);
      const payload: Payload = { status, nameWidth };
      const bar = this.bars.get(status.resource);
      if (bar) bar.update(value, payload);
      else this.bars.set(status.resource, this.multibar.create(SCALE, value, payload));
    }
  }

  log(line: string): void {
    if (!this.multibar.isActive) this.stream.write(`${line}\n`);
    else this.multibar.log(`${line}\n`);
  }

  stop(): void {
    if (!this.multibar.isActive) return;
    this.multibar.update();
    this.multibar.stop();
  }
}
