import type { Snapshot, TableSnapshot } from './snapshot';

type Row = Record<string, string | null>;

/** A row over the given columns, as one line of text. */
function rowText(row: Row, columns: string[]): string {
  return JSON.stringify(Object.fromEntries(columns.map((column) => [column, row[column] ?? null])));
}

/** The rows of `a` not matched by a row of `b` (multisets: a duplicate must be matched by a duplicate). */
function unmatched(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const row of b) left.set(row, (left.get(row) ?? 0) + 1);
  const out: string[] = [];
  for (const row of a) {
    const n = left.get(row) ?? 0;
    if (n > 0) left.set(row, n - 1);
    else out.push(row);
  }
  return out.sort();
}

/** Rows listed one by one up to this many; more are counted, with the first as an example. */
const LISTED_ROWS = 4;

function listRows(name: string, rows: string[], engine: string): string[] {
  if (rows.length === 0) return [];
  if (rows.length <= LISTED_ROWS) return rows.map((row) => `${name}: row only in ${engine}: ${row}`);
  return [`${name}: ${rows.length} rows only in ${engine}, first ${rows[0]}`];
}

const idOf = (row: string) => (JSON.parse(row) as Row).id;

/**
 * Unmatched rows, readably: rows with the same `id` on both sides are compared column by column; the ids only one side
 * has are listed; rows without an id are listed (or counted).
 */
function describeRows(name: string, dltOnly: string[], sluiceOnly: string[]): string[] {
  const out: string[] = [];
  const withId = (rows: string[]) => rows.filter((row) => idOf(row) !== undefined && idOf(row) !== null);
  const byId = (rows: string[]) => {
    const groups = new Map<string, string[]>();
    for (const row of withId(rows)) groups.set(String(idOf(row)), [...(groups.get(String(idOf(row))) ?? []), row]);
    return groups;
  };
  const dltIds = byId(dltOnly);
  const sluiceIds = byId(sluiceOnly);
  const paired = [...dltIds.keys()].filter((id) => dltIds.get(id)!.length === 1 && sluiceIds.get(id)?.length === 1);
  for (const id of paired) {
    const a = JSON.parse(dltIds.get(id)![0]!) as Row;
    const b = JSON.parse(sluiceIds.get(id)![0]!) as Row;
    for (const column of Object.keys(a))
      if (a[column] !== b[column])
        out.push(
          `${name} id=${id}: ${column} is ${JSON.stringify(a[column])} in dlt, ${JSON.stringify(b[column])} in sluice`,
        );
  }
  const pairedSet = new Set(paired);
  for (const [engine, rows, ids] of [
    ['dlt', dltOnly, dltIds],
    ['sluice', sluiceOnly, sluiceIds],
  ] as const) {
    const unpaired = [...ids.entries()].filter(([id]) => !pairedSet.has(id));
    if (unpaired.length > 0) {
      const listed = unpaired
        .flatMap(([id, group]) => group.map(() => id))
        .sort((x, y) => Number(x) - Number(y) || (x < y ? -1 : 1));
      out.push(`${name}: rows only in ${engine}: id ${listed.join(', ')}`);
    }
    out.push(
      ...listRows(
        name,
        rows.filter((row) => idOf(row) === undefined || idOf(row) === null),
        engine,
      ),
    );
  }
  return out;
}

function compareTable(name: string, dlt: TableSnapshot, sluice: TableSnapshot): string[] {
  const out: string[] = [];
  for (const [engine, table] of [
    ['dlt', dlt],
    ['sluice', sluice],
  ] as const)
    if (table.sharedRowIds > 0) out.push(`${name}: ${table.sharedRowIds} rows share their row id in ${engine}`);
  const common: string[] = [];
  for (const [column, type] of dlt.columns) {
    const other = sluice.columns.get(column);
    if (other === undefined) out.push(`${name}.${column}: only in dlt (${type})`);
    else {
      common.push(column);
      if (other !== type) out.push(`${name}.${column}: type ${type} in dlt, ${other} in sluice`);
    }
  }
  for (const [column, type] of sluice.columns)
    if (!dlt.columns.has(column)) out.push(`${name}.${column}: only in sluice (${type})`);
  // Rows are compared on the columns both have, so a missing column is reported once, not on every row.
  const linked = dlt.rows.some((row) => '@parent' in row) ? ['@parent', '@idx'] : [];
  const columns = [...common, ...linked];
  const dltRows = dlt.rows.map((row) => rowText(row, columns));
  const sluiceRows = sluice.rows.map((row) => rowText(row, columns));
  out.push(...describeRows(name, unmatched(dltRows, sluiceRows), unmatched(sluiceRows, dltRows)));
  return out;
}

/**
 * Every difference between what dlt and sluice loaded, one line each: tables only one engine has, columns only one
 * has or typed differently, and rows (over the columns both have, child rows with their parent links) that only one
 * has.
 */
export function compareSnapshots(dlt: Snapshot, sluice: Snapshot): string[] {
  const out: string[] = [];
  for (const [name, table] of dlt) {
    const other = sluice.get(name);
    if (other) out.push(...compareTable(name, table, other));
    else out.push(`${name}: table only in dlt (${table.rows.length} rows)`);
  }
  for (const [name, table] of sluice)
    if (!dlt.has(name)) out.push(`${name}: table only in sluice (${table.rows.length} rows)`);
  return out;
}
