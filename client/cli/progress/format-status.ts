import type { ResourceStatus } from './progress-tracker';

const COUNT = new Intl.NumberFormat('en-US');

/** A count with thousands separators: `12,345`. */
export function formatCount(value: number): string {
  return COUNT.format(Math.round(value));
}

/** A duration in seconds as `45s`, `3m05s` or `1h02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `12,345 records  120 pages  1,234 rec/s  45%  ETA 1m05s`, leaving out what is not known. */
export function statusFigures(status: ResourceStatus): string {
  const parts = [`${formatCount(status.records)} records`, `${formatCount(status.pages)} pages`];
  if (status.partitions > 0) parts.push(`${formatCount(status.partitions)} parents done`);
  if (status.recordsPerSecond !== undefined) parts.push(`${formatCount(status.recordsPerSecond)} rec/s`);
  if (status.fraction !== undefined && status.state !== 'completed')
    parts.push(`${Math.floor(status.fraction * 100)}%`);
  if (status.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(status.etaSeconds)}`);
  return parts.join('  ');
}

/** One plain line for a log or a pipe: `  files  running  12,345 records  …`. */
export function plainLine(status: ResourceStatus, nameWidth: number): string {
  return `  ${status.resource.padEnd(nameWidth)}  ${status.state.padEnd(9)}  ${statusFigures(status)}`;
}
