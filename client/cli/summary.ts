import type { ResourceOutcome, SyncSourceResult } from '../../engine/sync-types';
import { formatCount } from './progress/format-status';

/** `failed: HTTP 500 from …`, or just `cancelled` when the error only repeats the status. */
function outcomeText(outcome: ResourceOutcome): string {
  if (!outcome.error || outcome.error === outcome.status) return outcome.status;
  return `${outcome.status}: ${outcome.error}`;
}

/** The run's summary, one aligned line per resource. */
export function summaryLines(result: SyncSourceResult): string[] {
  const width = Math.max(0, ...Object.keys(result.resources).map((name) => name.length));
  return Object.entries(result.resources).map(
    ([name, r]) =>
      `  ${name.padEnd(width)}  ${formatCount(r.records).padStart(9)} records  ${formatCount(r.pages).padStart(7)} pages  ${outcomeText(r)}`,
  );
}

/** One line naming every resource that did not complete, and why. */
export function failureLine(result: SyncSourceResult): string {
  const failed = Object.entries(result.resources).filter(([, r]) => r.status !== 'completed');
  return `sync ${result.status}: ${failed.map(([name, r]) => `${name} ${outcomeText(r)}`).join('; ')}`;
}
