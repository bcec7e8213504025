import type { ResourceProgress } from '../../../engine/sync-types';
import { plainLine } from './format-status';
import type { ProgressDisplay } from './progress-display';
import { ProgressTracker } from './progress-tracker';

/** Plain progress lines are printed at most this often. */
export const PLAIN_INTERVAL_MS = 10_000;

/**
 * Progress for logs and pipes: at most every {@link PLAIN_INTERVAL_MS}, one line per resource that moved since the
 * last print; nothing for resources still waiting.
 */
export class PlainProgress implements ProgressDisplay {
  private readonly tracker = new ProgressTracker();
  private readonly printed = new Map<string, string>();
  private lastPrint = -Infinity;

  constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = PLAIN_INTERVAL_MS,
  ) {}

  update(rows: ResourceProgress[]): void {
    const now = this.now();
    const statuses = this.tracker.update(rows, now);
    if (now - this.lastPrint < this.intervalMs) return;
    const width = Math.max(0, ...rows.map((row) => row.resource.length));
    const moved = statuses.filter(
      (status) =>
        status.state !== 'waiting' &&
        this.printed.get(status.resource) !== `${status.state}/${status.records}/${status.pages}`,
    );
    if (moved.length === 0) return;
    this.lastPrint = now;
    for (const status of moved) {
      this.printed.set(status.resource, `${status.state}/${status.records}/${status.pages}`);
      this.write(plainLine(status, width));
    }
  }

  log(line: string): void {
    this.write(line);
  }

  stop(): void {}
}
