import pg from 'pg';

/** A loaded table as the comparison sees it: column types in a common vocabulary, rows in canonical form. */
export interface TableSnapshot {
  columns: Map<string, string>;
  /** Each row's data columns (system columns dropped), with child rows linked to their parent's identity. */
  rows: Array<Record<string, string | null>>;
  /** Rows whose row id (`_dlt_id`, `_sluice_id`) another row of the table also has: their children are ambiguous. */
  sharedRowIds: number;
}

/** Every data table of one schema, by name. */
export type Snapshot = Map<string, TableSnapshot>;

/** dlt's and sluice's bookkeeping columns: ids, load ids and child links, which the comparison resolves instead. */
const SYSTEM_COLUMN = /^_(dlt|sluice)_(id|load_id|parent_id|list_idx|root_id)$/;
const SYSTEM_TABLE = /^_(dlt|sluice)_|__sluice_staging$/;
/** Validity columns hold load times, which differ between any two loads: only whether they are set is compared. */
const VALIDITY_COLUMN = /^_(dlt|sluice)_valid_(from|to)$/;
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)$/;

const TYPE_NAMES: Record<string, string> = {
  bigint: 'bigint',
  integer: 'bigint',
  smallint: 'bigint',
  'double precision': 'double',
  real: 'double',
  numeric: 'decimal',
  text: 'text',
  'character varying': 'text',
  boolean: 'bool',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  date: 'date',
  'time without time zone': 'time',
  jsonb: 'json',
  json: 'json',
  bytea: 'binary',
};

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A value in a form independent of the column type that holds it, so that a type difference is reported once, as a
 * type, and not again on every row: numbers as their text, instants in UTC, JSON with sorted keys.
 */
export function canonicalValue(value: unknown, type?: string): string | null {
  if (value === null || value === undefined) return null;
  // A decimal's scale is the column's, not the value's: 19.990000000 in numeric(38,9) is 19.99.
  if (type === 'decimal' && typeof value === 'string' && value.includes('.')) return value.replace(/\.?0+$/, '');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return stableJson(value);
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return new Date(value).toISOString();
  return String(value);
}

type RawRow = Record<string, unknown>;

async function readTables(client: pg.Client, schema: string): Promise<Map<string, Map<string, string>>> {
  const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE' ORDER BY c.ordinal_position`,
    [schema],
  );
  const tables = new Map<string, Map<string, string>>();
  for (const row of rows) {
    if (SYSTEM_TABLE.test(row.table_name)) continue;
    const columns = tables.get(row.table_name) ?? new Map<string, string>();
    if (!SYSTEM_COLUMN.test(row.column_name)) columns.set(row.column_name, TYPE_NAMES[row.data_type] ?? row.data_type);
    tables.set(row.table_name, columns);
  }
  return tables;
}

const pick = (row: RawRow, field: string) => row[`_dlt_${field}`] ?? row[`_sluice_${field}`];

/** The parent table of a child table: the longest `__`-separated prefix that is itself a table. */
function parentTable(name: string, names: Set<string>): string | undefined {
  const parts = name.split('__');
  for (let n = parts.length - 1; n > 0; n--) {
    const prefix = parts.slice(0, n).join('__');
    if (names.has(prefix)) return prefix;
  }
  return undefined;
}

/**
 * Reads a schema's data tables. A child row's `@parent` is its parent row's identity (its `id` when the parent table
 * has unique ids, else its whole content) and `@idx` its list position: dlt's `_dlt_parent_id`/`_dlt_list_idx` and
 * sluice's `_sluice_parent_id`/`_sluice_list_idx` resolve to the same values when they link the same rows. The
 * `loadTimes` columns (validity columns named in the config) are compared, like the default ones, only as set or not.
 */
export async function readSnapshot(url: string, schema: string, loadTimes: string[] = []): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await readTables(client, schema);
    const raw = new Map<string, RawRow[]>();
    for (const name of tables.keys()) {
      const { rows } = await client.query<RawRow>(
        `SELECT * FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)}`,
      );
      raw.set(name, rows);
    }
    const names = new Set(tables.keys());
    const identities = new Map<string, Map<unknown, string>>();
    const snapshot: Snapshot = new Map();
    // Parents before children: a shorter name never belongs to a deeper table.
    for (const name of [...names].sort((a, b) => a.split('__').length - b.split('__').length)) {
      const columns = tables.get(name)!;
      const parent = parentTable(name, names);
      const parentIds = parent ? identities.get(parent) : undefined;
      const rows = raw.get(name)!.map((row) => {
        const out: Record<string, string | null> = {};
        for (const column of columns.keys()) {
          const value = canonicalValue(row[column], columns.get(column));
          const loadTime = VALIDITY_COLUMN.test(column) || loadTimes.includes(column);
          out[column] = loadTime && value !== null ? '<set>' : value;
        }
        if (pick(row, 'parent_id') !== undefined) {
          out['@parent'] = parentIds?.get(pick(row, 'parent_id')) ?? '<no parent row>';
          out['@idx'] = canonicalValue(pick(row, 'list_idx'));
        }
        return out;
      });
      const ids = rows.map((row) => row.id);
      const uniqueIds = columns.has('id') && !parent && new Set(ids).size === ids.length;
      identities.set(
        name,
        new Map(raw.get(name)!.map((row, i) => [pick(row, 'id'), uniqueIds ? `id=${ids[i]}` : stableJson(rows[i])])),
      );
      const rowIds = raw.get(name)!.map((row) => pick(row, 'id'));
      const sharedRowIds = rowIds.filter((id) => rowIds.indexOf(id) !== rowIds.lastIndexOf(id)).length;
      snapshot.set(name, { columns, rows, sharedRowIds });
    }
    return snapshot;
  } finally {
    await client.end();
  }
}
