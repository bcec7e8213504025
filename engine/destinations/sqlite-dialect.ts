import type { Knex } from 'knex';
import type { JsonValue } from '../json';
import { cleanText } from './clean-text';
import type { CellValue, DataType } from './data-type';
import { quoteIdentifier, quoteIdentifiers } from './quote-identifier';
import type { RoutedRow } from './route-rows';
import type { Db, SqlDialect, TableDescription, TypedColumn } from './sql-dialect';

/** SQLite's default limit on bound parameters per statement (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
export const SQLITE_MAX_VARIABLES = 32766;

// Declared types keep the logical type readable from the catalog, while their affinity stores values faithfully:
// INTEGER and REAL numbers, TEXT strings, booleans as 0/1, timestamps and JSON as text.
const NATIVE: Record<DataType, string> = {
  bigint: 'INTEGER',
  double: 'REAL',
  bool: 'BOOLEAN',
  text: 'TEXT',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
  date: 'DATE',
  decimal: 'DECIMAL',
  binary: 'TEXT',
};

function dataTypeOf(native: string): DataType {
  const type = native.toUpperCase();
  if (/INT/.test(type)) return 'bigint';
  if (/REAL|DOUB|FLOA/.test(type)) return 'double';
  if (/BOOL/.test(type)) return 'bool';
  if (/TIMESTAMP|DATETIME/.test(type)) return 'timestamp';
  if (type === 'JSON') return 'json';
  if (type === 'DATE') return 'date';
  if (/DECIMAL|NUMERIC/.test(type)) return 'decimal';
  return 'text';
}

function encode(value: CellValue, type: DataType): unknown {
  if (typeof value === 'string') return cleanText(value, type, true);
  return typeof value === 'boolean' ? Number(value) : value;
}

/** The part of better-sqlite3 the bulk write uses. */
interface SqliteHandle {
  prepare(source: string): { run(parameters: unknown[]): unknown };
}

/** The better-sqlite3 connection a knex transaction runs on. */
async function transactionHandle(trx: Knex.Transaction): Promise<SqliteHandle> {
  return (await (trx.client as { acquireConnection(): Promise<SqliteHandle> }).acquireConnection()) as SqliteHandle;
}

const placeholderCache = new Map<string, string>();

/** `(?, ?), (?, ?)` for `rows` rows of `width` columns, built once per shape. */
function placeholders(width: number, rows: number): string {
  const key = `${width}x${rows}`;
  let sql = placeholderCache.get(key);
  if (!sql) {
    const row = `(${new Array<string>(width).fill('?').join(', ')})`;
    sql = new Array<string>(rows).fill(row).join(', ');
    if (placeholderCache.size > 256) placeholderCache.clear();
    placeholderCache.set(key, sql);
  }
  return sql;
}

/**
 * SQLite through better-sqlite3: one multi-row INSERT … ON CONFLICT DO UPDATE per chunk of rows (as many rows as
 * SQLite's parameter limit allows), run on the page transaction's connection, whose statements are cached.
 */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  rowLocks: false,
  writers: 1,
  maxColumns: 2000,

  columnType: (type) => NATIVE[type],

  async describeTable(db: Db, table: string): Promise<TableDescription | undefined> {
    const columns: Array<{ name: string; type: string }> = await db.raw('SELECT name, type FROM pragma_table_info(?)', [
      table,
    ]);
    if (columns.length === 0) return undefined;
    const indexes: Array<{ name: string }> = await db.raw(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
      [table],
    );
    return { columns: new Map(columns.map((c) => [c.name, dataTypeOf(c.type)])), indexes: indexes.map((i) => i.name) };
  },

  // The transaction holds SQLite's database-wide write lock from its first write: nothing else to lock.
  async lockNames() {},

  async writeRows(
    trx: Knex.Transaction,
    table: string,
    columns: TypedColumn[],
    rows: RoutedRow[],
    conflictKey?: string[],
  ) {
    if (rows.length === 0) return;
    const names = columns.map((c) => c.name);
    let suffix = '';
    if (conflictKey) {
      const updates = names
        .filter((n) => !conflictKey.includes(n))
        .map((n) => `${quoteIdentifier(n)} = excluded.${quoteIdentifier(n)}`);
      const action = updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING';
      suffix = ` ON CONFLICT (${quoteIdentifiers(conflictKey)}) ${action}`;
    }
    const head = `INSERT INTO ${quoteIdentifier(table)} (${quoteIdentifiers(names)}) VALUES `;
    const perChunk = Math.max(1, Math.floor(SQLITE_MAX_VARIABLES / names.length));
    const handle = await transactionHandle(trx);
    for (let start = 0; start < rows.length; start += perChunk) {
      const chunk = rows.slice(start, start + perChunk);
      const bindings: unknown[] = new Array(chunk.length * names.length);
      let i = 0;
      for (const row of chunk)
        for (const column of columns) bindings[i++] = encode(row.get(column.name) ?? null, column.type);
      handle.prepare(head + placeholders(names.length, chunk.length) + suffix).run(bindings);
    }
  },

  tupleSource(db: Db, columns: TypedColumn[], tuples: CellValue[][]): Knex.Raw {
    const json = JSON.stringify(
      tuples.map((tuple) =>
        columns.length === 1
          ? encode(tuple[0] ?? null, columns[0]!.type)
          : tuple.map((value, i) => encode(value, columns[i]!.type)),
      ),
    );
    if (columns.length === 1) return db.raw('SELECT value FROM json_each(?)', [json]);
    const fields = columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ');
    return db.raw(`SELECT ${fields} FROM json_each(?)`, [json]);
  },

  decode(value: unknown, type: DataType): JsonValue {
    if (value === null || value === undefined) return null;
    if (type === 'bool') return Boolean(value);
    if (type === 'json' && typeof value === 'string') {
      try {
        return JSON.parse(value) as JsonValue;
      } catch {
        return value;
      }
    }
    return value as JsonValue;
  },

  encode: (value, type) => encode(value, type),
};
