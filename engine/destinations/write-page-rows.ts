import type { Knex } from 'knex';
import { DestinationError } from '../errors';
import type { CellValue, DataType } from './data-type';
import type { WritePageInput } from './destination';
import { normalizeColumnName } from './naming';
import { LOAD_ID, type NormalizedPage, ROOT_ID, ROOT_ROW_ID, type TableShape } from './normalize-page';
import type { RoutedRow } from './route-rows';
import type { SqlDialect, TypedColumn } from './sql-dialect';
import type { TableFamilies } from './table-family';
import type { PreparedTable, TableSchemas } from './table-schemas';
import { loadBoundary, markActiveVersions, validityColumns } from './scd2';

/** Where a page's rows go: the live tables, or their staging copies under `replace`. */
export interface PageTarget {
  /** The live root table, which names the family. */
  root: string;
  /** Maps a live table name to the table written. */
  physical(live: string): string;
  /** Child tables whose rows belong to the written root table. */
  children(): Promise<string[]>;
}

/** What writing a page needs from its destination. */
export interface RowWriterDeps {
  dialect: SqlDialect;
  schemas: TableSchemas;
  families: TableFamilies;
}

function typedColumns(columns: Map<string, DataType>, rows?: RoutedRow[]): TypedColumn[] {
  const names = rows ? new Set(rows.flatMap((row) => [...row.keys()])) : undefined;
  return [...columns].filter(([name]) => !names || names.has(name)).map(([name, type]) => ({ name, type }));
}

function hintTypes(input: WritePageInput): Map<string, DataType> {
  const hints = new Map<string, DataType>();
  for (const [name, hint] of Object.entries(input.table.columns))
    if (hint.data_type) hints.set(normalizeColumnName(name), hint.data_type);
  return hints;
}

/** knex accepts a raw subquery wherever it accepts a query builder, which its types do not say. */
function subquery(raw: Knex.Raw): Knex.QueryBuilder {
  return raw as unknown as Knex.QueryBuilder;
}

/** Deletes the child rows of the given root rows from every child table. */
async function deleteChildren(
  deps: RowWriterDeps,
  trx: Knex.Transaction,
  children: string[],
  rootIds: Knex.QueryBuilder | CellValue[],
): Promise<void> {
  for (const child of children) {
    if (!(await deps.schemas.describe(trx, child))) continue;
    const source = Array.isArray(rootIds)
      ? subquery(
          deps.dialect.tupleSource(
            trx,
            [{ name: ROOT_ROW_ID, type: 'text' }],
            rootIds.map((id) => [id]),
          ),
        )
      : rootIds.clone();
    await trx(child).whereIn(ROOT_ROW_ID, source).del();
  }
}

/**
 * Deletes rows whose merge key matches the page's and that an earlier load wrote, with their children, as dlt's
 * delete-insert does. Rows this load wrote are kept, so a merge-key group spread over several pages accumulates.
 */
async function deleteByMergeKey(
  deps: RowWriterDeps,
  trx: Knex.Transaction,
  table: string,
  columns: Map<string, DataType>,
  shape: TableShape,
  rows: RoutedRow[],
  loadId: string,
  children: string[],
): Promise<void> {
  const key = shape.mergeKey.map((name) => ({ name, type: columns.get(name)! }));
  if (key.some((column) => column.type === undefined)) return;
  const tuples = new Map<string, CellValue[]>();
  for (const row of rows) {
    const tuple = key.map((column) => row.get(column.name) ?? null);
    if (tuple.every((value) => value !== null)) tuples.set(JSON.stringify(tuple), tuple);
  }
  if (tuples.size === 0) return;
  const matching = () =>
    trx(table)
      .whereIn(shape.mergeKey, subquery(deps.dialect.tupleSource(trx, key, [...tuples.values()])))
      .whereNot(LOAD_ID, loadId);
  await deleteChildren(deps, trx, children, matching().select(ROOT_ID));
  await matching().del();
}

/** The child rows that belong to the given root rows. */
function childrenOf(children: NormalizedPage['children'], rootIds: Set<CellValue>): NormalizedPage['children'] {
  const kept: NormalizedPage['children'] = new Map();
  for (const [table, rows] of children) {
    const own = rows.filter((row) => rootIds.has(row[ROOT_ROW_ID] as CellValue));
    if (own.length > 0) kept.set(table, own);
  }
  return kept;
}

/** Longest record value quoted in an error message. */
const QUOTED_LENGTH = 80;

/** A record's value as an error message quotes it: its JSON, cut short. */
function quoted(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > QUOTED_LENGTH ? `${json.slice(0, QUOTED_LENGTH)}…` : json;
}

/**
 * Fails the page before anything is written when a root row lacks a value its table requires: its primary key, or a
 * column hinted `nullable: false`, whether the record has no value or one that did not fit the column's type.
 */
function checkRequiredValues(
  input: WritePageInput,
  shape: TableShape,
  page: NormalizedPage,
  root: PreparedTable,
): void {
  const missing = (row: RoutedRow, column: string) => row.get(column) === null || row.get(column) === undefined;
  const fail = (i: number, column: string, what: string) => {
    const value = page.rows[i]?.[column];
    const has =
      value === null || value === undefined
        ? 'no value'
        : `value ${quoted(value)}, which does not fit its type ${root.columns.get(column)},`;
    throw new DestinationError(
      `resource '${input.table.resource}': record ${page.recordIndexes[i]} of page ${input.seq} has ${has} for ${what}`,
    );
  };
  root.rows.forEach((row, i) => {
    for (const [k, column] of shape.primaryKey.entries()) {
      if (missing(row, column)) fail(i, column, `primary key '${input.table.primaryKey[k]}'`);
    }
    for (const [column, name] of shape.required) {
      if (missing(row, column)) fail(i, column, `column '${name}', which its hints declare not nullable`);
    }
  });
}

/**
 * Writes a normalised page to its tables: the root rows (upserted on the primary key under merge and replace, with
 * full-row replacement; inserted otherwise), then the child rows, after deleting the children of every upserted root
 * row. Returns the number of root rows written.
 */
export async function writePageRows(
  deps: RowWriterDeps,
  trx: Knex.Transaction,
  input: WritePageInput,
  shape: TableShape,
  page: NormalizedPage,
  target: PageTarget,
): Promise<number> {
  const { dialect, schemas, families } = deps;
  const disposition = input.table.writeDisposition;
  const strategy = disposition === 'merge' ? (input.table.mergeStrategy ?? 'delete-insert') : undefined;
  if (strategy === 'upsert' && shape.primaryKey.length === 0) {
    throw new DestinationError(`resource '${input.table.resource}': the upsert merge strategy needs a primary_key`);
  }
  const validity = strategy === 'scd2' ? validityColumns(input.table) : undefined;
  const hints = hintTypes(input);
  if (validity) {
    const boundary = await loadBoundary(trx, input.loadId);
    for (const row of page.rows) [row[validity.from], row[validity.to]] = [boundary, null];
    hints.set(validity.from, 'timestamp').set(validity.to, 'timestamp');
  }
  const rootTable = target.physical(target.root);
  const existed = (await schemas.describe(trx, rootTable)) !== undefined;
  const upsertKey = !validity && disposition !== 'append' && shape.primaryKey.length > 0 ? shape.primaryKey : undefined;
  const root = await schemas.prepare(trx, rootTable, page.rows, {
    kind: 'root',
    hints,
    uniqueKey: upsertKey,
    notNull: new Set(shape.required.keys()),
    onCreate:
      rootTable === target.root
        ? undefined
        : () => families.add(trx, target.root, { table: rootTable, live: target.root }),
  });

  checkRequiredValues(input, shape, page, root);

  const children = await target.children();
  let childRows = page.children;
  if (validity) {
    // scd2 inserts only versions not already active; their children come with them, and nothing is updated in place.
    const active = existed
      ? await markActiveVersions(dialect, trx, rootTable, validity, root.rows, input.loadId)
      : new Set<CellValue>();
    const inserted = root.rows.filter((row) => !active.has(row.get(ROOT_ID) ?? null));
    await dialect.writeRows(trx, rootTable, typedColumns(root.columns, inserted), inserted);
    childRows = childrenOf(page.children, new Set(inserted.map((row) => row.get(ROOT_ID) ?? null)));
  } else {
    if (strategy === 'delete-insert' && shape.mergeKey.length > 0 && existed) {
      await deleteByMergeKey(deps, trx, rootTable, root.columns, shape, root.rows, input.loadId, children);
    }
    const conflictKey = root.keyed ? shape.primaryKey : undefined;
    // An upsert replaces whole rows: every column is written, so fields absent from the new record become null.
    await dialect.writeRows(
      trx,
      rootTable,
      typedColumns(root.columns, conflictKey ? undefined : root.rows),
      root.rows,
      conflictKey,
    );
    if (conflictKey && existed && root.rows.length > 0) {
      await deleteChildren(
        deps,
        trx,
        children,
        root.rows.map((row) => row.get(ROOT_ID) ?? null),
      );
    }
  }

  for (const [table, rows] of childRows) {
    const childTable = target.physical(table);
    const child = await schemas.prepare(trx, childTable, rows, {
      kind: 'child',
      hints: new Map(),
      onCreate: () => families.add(trx, target.root, { table: childTable, live: table }),
    });
    await dialect.writeRows(trx, childTable, typedColumns(child.columns, child.rows), child.rows);
  }
  return root.rows.length;
}
