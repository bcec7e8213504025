import type { ResourceCursor, ResourceProgress } from '../engine/sync-types';

/** A short, human description of where a cursor stands, for activity summaries in the Temporal UI. */
export function describeCursor(cursor: ResourceCursor): string {
  const state = cursor.state === null ? 'start' : Object.entries(cursor.state).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ') || 'start';
  const partition = cursor.partition ? `partition ${cursor.partition}, ` : '';
  return `${partition}page ${cursor.seq + 1} (${state.length > 60 ? `${state.slice(0, 60)}…` : state})`;
}

/** A Markdown table of resource progress, shown as the workflow's current details in the Temporal UI. */
export function progressTable(rows: ResourceProgress[]): string {
  const lines = ['| resource | state | pages | records |', '|---|---|---:|---:|'];
  for (const row of rows) lines.push(`| ${row.resource} | ${row.state} | ${row.pages} | ${row.records} |`);
  return lines.join('\n');
}
