import type { ResourceProgress } from '../../../engine/sync-types';

/** What a progress display shows for one resource. */
export interface ResourceStatus {
  resource: string;
  state: ResourceProgress['state'];
  records: number;
  pages: number;
  /** Partitions (parent keys) done, for a child resource. */
  partitions: number;
  /** Records per second over the last {@link RATE_WINDOW_MS}; undefined until two samples are that far apart. */
  recordsPerSecond?: number;
  /** Share of the resource done, 0–1, where the API reports a total. */
  fraction?: number;
  /** Seconds left at the recent pace, where the fraction is known and moving. */
  etaSeconds?: number;
}

/** Rates and ETAs are measured over this much recent time, so they follow a pace that changes. */
export const RATE_WINDOW_MS = 20_000;

interface Sample {
  at: number;
  records: number;
  fraction?: number;
}

/**
 * The share of a top-level resource done, from its cursor: an offset paginator's next offset against the API's
 * `total` (records), or the committed pages against a page-number paginator's total pages. The cursor is the
 * checkpoint's, so a resumed run starts from what is already committed.
 */
export function fractionDone(row: ResourceProgress): number | undefined {
  if (row.state === 'completed') return 1;
  const cursor = row.cursor;
  const state = cursor?.state;
  if (!cursor || !state || cursor.partition !== '') return undefined;
  if (typeof state.total === 'number' && typeof state.offset === 'number' && state.total > 0)
    return Math.min(1, state.offset / state.total);
  if (typeof state.totalPages === 'number' && state.totalPages > 0) return Math.min(1, cursor.seq / state.totalPages);
  return undefined;
}

/**
 * Turns successive progress-query answers into what a person wants to see: counts, a recent rate, and % and ETA
 * where the API reports a total. Pure: time is passed in.
 */
export class ProgressTracker {
  private readonly samples = new Map<string, Sample[]>();

  /** Records one answer of the progress query, taken at `now` (ms), and returns each resource's status. */
  update(rows: ResourceProgress[], now: number): ResourceStatus[] {
    return rows.map((row) => this.status(row, now));
  }

  private status(row: ResourceProgress, now: number): ResourceStatus {
    const fraction = fractionDone(row);
    // A resumed top-level resource counts its committed pages from the checkpoint's sequence number.
    const pages = row.cursor?.partition === '' ? Math.max(row.pages, row.cursor.seq) : row.pages;
    const history = this.samples.get(row.resource) ?? [];
    history.push({ at: now, records: row.records, fraction });
    while (history.length > 2 && now - history[1]!.at >= RATE_WINDOW_MS) history.shift();
    this.samples.set(row.resource, history);
    const status: ResourceStatus = {
      resource: row.resource,
      state: row.state,
      records: row.records,
      pages,
      partitions: row.partitions,
      ...(fraction !== undefined ? { fraction } : {}),
    };
    const first = history[0]!;
    const seconds = (now - first.at) / 1000;
    if (seconds <= 0 || row.state !== 'running') return status;
    status.recordsPerSecond = (row.records - first.records) / seconds;
    const since = history.find((sample) => sample.fraction !== undefined);
    if (fraction !== undefined && since && fraction > since.fraction! && fraction < 1)
      status.etaSeconds = ((1 - fraction) * (now - since.at)) / 1000 / (fraction - since.fraction!);
    return status;
  }
}
