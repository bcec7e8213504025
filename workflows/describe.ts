import type { ResourceCounts, ResourceCursor, ResourceProgress } from '../engine/sync-types';

/** A short, human description of where a cursor stands, for activity summaries in the Temporal UI. */
export function describeCursor(cursor: ResourceCursor): string {
  const state =
    cursor.state === null
      ? 'start'
      : Object.entries(cursor.state)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(' ') || 'start';
  const partition = cursor.partition ? `partition ${cursor.partition}, ` : '';
  return `${partition}page ${cursor.seq + 1} (${state.length > 60 ? `${state.slice(0, 60)}…` : state})`;
}

/** What one page batch (activity call) committed: its range of the load's pages, records and partitions. */
export function describeBatch(before: ResourceCounts, after: ResourceCounts, millis: number): string {
  const pages = after.pages - before.pages;
  const range =
    pages === 0 ? 'no new pages' : pages === 1 ? `page ${after.pages}` : `pages ${before.pages + 1}–${after.pages}`;
  const partitions =
    after.partitions > before.partitions ? `, ${after.partitions - before.partitions} partitions done` : '';
  return `${range}: ${after.records - before.records} records${partitions} in ${(millis / 1000).toFixed(1)} s`;
}

/** A table cell's text: one line, no column breaks, short enough to read in a list. */
function cell(text: string): string {
  const line = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

/**
 * A Markdown table of resource progress, shown as the workflow's current details in the Temporal UI, followed by the
 * most recent page batches when given.
 */
export function progressTable(rows: ResourceProgress[], recentBatches: string[] = []): string {
  const lines = ['| resource | state | pages | records |', '|---|---|---:|---:|'];
  for (const row of rows) {
    const why = row.error && row.state !== 'completed' ? `: ${cell(row.error)}` : '';
    lines.push(`| ${row.resource} | ${row.state}${why} | ${row.pages} | ${row.records} |`);
  }
  // Blank lines around the heading keep the table, the heading and the list separate blocks in every Markdown dialect.
  if (recentBatches.length > 0)
    lines.push('', '**Recent page batches**', '', ...recentBatches.map((batch) => `- ${batch}`));
  return lines.join('\n');
}
