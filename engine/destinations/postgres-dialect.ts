import type { Knex } from 'knex';
import type { JsonValue } from '../json';
import { cleanText } from './clean-text';
import { copyUpsert } from './postgres-copy';
import type { CellValue, DataType } from './data-type';
import { quoteIdentifier, quoteIdentifiers } from './quote-identifier';
import type { RoutedRow } from './route-rows';
import type { Db, SqlDialect, TableDescription, TypedColumn } from './sql-dialect';

const NATIVE: Record<DataType, string> = {
  bigint: 'bigint',
  double: 'double precision',
  bool: 'boolean',
  text: 'text',
  timestamp: 'timestamptz',
  json: 'jsonb',
  date: 'date',
  decimal: 'numeric',
  binary: 'text',
};

function dataTypeOf(native: string): DataType {
  if (/^(bigint|integer|smallint)$/.test(native)) return 'bigint';
  if (/^(double precision|real)$/.test(native)) return 'double';
  if (native === 'boolean') return 'bool';
  if (native.startsWith('timestamp')) return 'timestamp';
  if (native === 'jsonb' || native === 'json') return 'json';
  if (native === 'date') return 'date';
  if (native.startsWith('numeric')) return 'decimal';
  return 'text';
}

// pg encodes strings to UTF-8 itself, replacing unpaired surrogates: only JSON text needs them replaced here.
function encode(value: CellValue, type: DataType): CellValue {
  return typeof value === 'string' ? cleanText(value, type, false) : value;
}

const QUOTE_OR_BACKSLASH = /["\\]/;

/**
 * A column's values as one PostgreSQL array literal, `{1,NULL,"a \\"b\\""}`, with every string quoted so that commas,
 * braces and spaces stay data. Built here rather than by pg, which escapes every element with two regex replacements.
 */
function arrayLiteral(values: CellValue[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (i > 0) literal += ',';
    if (value === null) literal += 'NULL';
    else if (typeof value !== 'string') literal += String(value);
    else literal += QUOTE_OR_BACKSLASH.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${value}"`;
  }
  return `${literal}}`;
}

/** Each column's `count` values, encoded for PostgreSQL. */
function columnValues(
  columns: TypedColumn[],
  count: number,
  cell: (column: number, row: number) => CellValue,
): CellValue[][] {
  return columns.map((column, c) => {
    const values = new Array<CellValue>(count);
    for (let row = 0; row < count; row++) values[row] = encode(cell(c, row), column.type);
    return values;
  });
}

/** `?::bigint[], ?::text[]`: one array parameter per column. */
function arrayParameters(columns: TypedColumn[]): string {
  return columns.map((c) => `?::${NATIVE[c.type]}[]`).join(', ');
}

const isConstant = (values: CellValue[]) => values.every((value) => value === values[0]);

/**
 * The `count` rows to insert as a SELECT with its bindings. A column that holds one value on every row (a root table's
 * load id always does) is bound once as a scalar; the others are unnested from one array parameter each. Rows that
 * are alike in every column (an append of repeated records) still come out `count` times. Scalars come first in the
 * bindings, since their placeholders come first in the statement.
 */
function rowSource(
  columns: TypedColumn[],
  values: CellValue[][],
  count: number,
): { sql: string; bindings: CellValue[] } {
  const select: string[] = [];
  const scalars: CellValue[] = [];
  const arrayed: TypedColumn[] = [];
  const arrays: string[] = [];
  columns.forEach((column, c) => {
    if (isConstant(values[c]!)) {
      select.push(`?::${NATIVE[column.type]}`);
      scalars.push(values[c]![0]!);
    } else {
      select.push(`u.c${arrayed.length}`);
      arrayed.push(column);
      arrays.push(arrayLiteral(values[c]!));
    }
  });
  if (arrayed.length === 0) {
    return count === 1
      ? { sql: `SELECT ${select.join(', ')}`, bindings: scalars }
      : { sql: `SELECT ${select.join(', ')} FROM generate_series(1, ?::integer)`, bindings: [...scalars, count] };
  }
  const aliases = arrayed.map((_, i) => `c${i}`).join(', ');
  return {
    sql: `SELECT ${select.join(', ')} FROM unnest(${arrayParameters(arrayed)}) AS u(${aliases})`,
    bindings: [...scalars, ...arrays],
  };
}

/**
 * Pages of at least this many rows (per table) reach PostgreSQL through COPY into a staging table, smaller ones as
 * `unnest` arrays. Measured with bench/destination-write.ts on narrow records: at 1,000 rows a page the three
 * statements of COPY cost a third more than one `unnest` upsert; from 5,000 rows COPY is as fast or up to a fifth faster.
 * A benchmark or test may change it to time or check either path.
 */
export const postgresWrites = { copyFromRows: 5000 };

/**
 * PostgreSQL through pg: one `INSERT … SELECT … FROM unnest($1::bigint[], $2::text[], …) ON CONFLICT … DO UPDATE` per
 * table and page, binding one array per column (or one scalar for a constant column), so a page costs one statement
 * whatever its size.
 */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  rowLocks: true,
  writers: 4,
  maxColumns: 1600,

  columnType: (type) => NATIVE[type],

  async describeTable(db: Db, table: string): Promise<TableDescription | undefined> {
    const columns: { rows: Array<{ name: string; type: string }> } = await db.raw(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [table],
    );
    if (columns.rows.length === 0) return undefined;
    const indexes: { rows: Array<{ name: string }> } = await db.raw(
      'SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?',
      [table],
    );
    return {
      columns: new Map(columns.rows.map((c) => [c.name, dataTypeOf(c.type)])),
      indexes: indexes.rows.map((i) => i.name),
    };
  },

  async lockNames(trx: Knex.Transaction, names: string[]) {
    const sorted = [...new Set(names)].sort();
    if (sorted.length === 0) return;
    await trx.raw(
      "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || '.' || name, 0)) FROM unnest(?::text[]) WITH ORDINALITY AS locks(name, n) ORDER BY n",
      [arrayLiteral(sorted)],
    );
  },

  async writeRows(
    trx: Knex.Transaction,
    table: string,
    columns: TypedColumn[],
    rows: RoutedRow[],
    conflictKey?: string[],
  ) {
    if (rows.length === 0) return;
    const values = columnValues(columns, rows.length, (c, row) => rows[row]!.get(columns[c]!.name) ?? null);
    let onConflict = '';
    if (conflictKey) {
      const updates = columns
        .filter((c) => !conflictKey.includes(c.name))
        .map((c) => `${quoteIdentifier(c.name)} = EXCLUDED.${quoteIdentifier(c.name)}`);
      onConflict = ` ON CONFLICT (${quoteIdentifiers(conflictKey)}) ${updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING'}`;
    }
    if (rows.length >= postgresWrites.copyFromRows) {
      const typed = columns.map((c) => ({ name: c.name, native: NATIVE[c.type] }));
      return copyUpsert(trx, table, typed, values, rows.length, onConflict);
    }
    const source = rowSource(columns, values, rows.length);
    const sql = `INSERT INTO ${quoteIdentifier(table)} (${quoteIdentifiers(columns.map((c) => c.name))}) ${source.sql}`;
    await trx.raw(sql + onConflict, source.bindings);
  },

  tupleSource(db: Db, columns: TypedColumn[], tuples: CellValue[][]): Knex.Raw {
    const arrays = columnValues(columns, tuples.length, (c, row) => tuples[row]![c] ?? null).map(arrayLiteral);
    return db.raw(`SELECT * FROM unnest(${arrayParameters(columns)})`, arrays);
  },

  decode: (value: unknown) => (value === undefined ? null : (value as JsonValue)),

  encode: (value, type) => encode(value, type),
};
