import { DestinationError } from '../errors';
import type { CellValue, DataType } from './data-type';
import type { TableSpec, WritePageInput } from './destination';
import { normalizeColumnName } from './naming';
import { normalizePage, ROOT_ROW_ID, tableShape, type NormalizedPage, type TableShape } from './normalize-page';
import { stagingTableName } from './replace-staging';
import type { RoutedRow } from './route-rows';
import { validityColumns, type ValidityColumns } from './scd2';
import type { RoutedAhead } from './table-schemas';
import type { TypedColumn } from './sql-dialect';

/** How a merge combines a page with the table: dlt's merge strategies, or none outside `merge`. */
export type MergeStrategy = NonNullable<TableSpec['mergeStrategy']>;

/** A page's write, worked out before its transaction opens: nothing in it reads the database. */
export interface PagePlan {
  page: WritePageInput;
  /** The page's checkpoint key (resource and partition) as one string. */
  checkpointId: string;
  shape: TableShape;
  normalized: NormalizedPage;
  /** The live root table, which names the table family. */
  live: string;
  /** Whether the page goes to the staging copies of the family's tables (`replace`) rather than the live ones. */
  staged: boolean;
  /** The root table written: `live`, or its staging copy. */
  table: string;
  strategy?: MergeStrategy;
  /** scd2's validity columns. */
  validity?: ValidityColumns;
  /** Types of new root columns, from the config's hints (and scd2's validity columns). */
  hints: Map<string, DataType>;
  /** The key root rows are upserted on, which gets a unique index; undefined when rows are only inserted. */
  upsertKey?: string[];
  /** Names locked before the checkpoints are read, so that two writers of one page or one table take turns. */
  locks: string[];
  /** The root rows routed ahead of the write, when the destination planned the page ahead. */
  routedAhead?: RoutedAhead;
}

/** A checkpoint's key as one string. */
export const checkpointId = (resource: string, partition: string) => JSON.stringify([resource, partition]);

/** Plans a page: normalises its records, and works out its tables, keys and locks. Fails on a config it cannot write. */
export function planPage(page: WritePageInput): PagePlan {
  const { table: spec, partition } = page;
  const shape = tableShape(spec);
  const normalized = normalizePage(page, shape);
  const strategy = spec.writeDisposition === 'merge' ? (spec.mergeStrategy ?? 'delete-insert') : undefined;
  if (strategy === 'upsert' && shape.primaryKey.length === 0) {
    throw new DestinationError(`resource '${spec.resource}': the upsert merge strategy needs a primary_key`);
  }
  const validity = strategy === 'scd2' ? validityColumns(spec) : undefined;
  const hints = new Map<string, DataType>();
  for (const [name, hint] of Object.entries(spec.columns))
    if (hint.data_type) hints.set(normalizeColumnName(name), hint.data_type);
  if (validity) hints.set(validity.from, 'timestamp').set(validity.to, 'timestamp');
  const live = shape.table;
  const staged = spec.writeDisposition === 'replace';
  const locks = [JSON.stringify(['checkpoint', spec.resource, partition])];
  if (staged) locks.push(JSON.stringify(['staging', live]));
  // Two transactions must not both find a version inactive and both insert it.
  if (validity) locks.push(JSON.stringify(['versions', live]));
  return {
    page,
    checkpointId: checkpointId(spec.resource, partition),
    shape,
    normalized,
    live,
    staged,
    table: staged ? stagingTableName(live) : live,
    strategy,
    validity,
    hints,
    upsertKey:
      !validity && spec.writeDisposition !== 'append' && shape.primaryKey.length > 0 ? shape.primaryKey : undefined,
    locks,
  };
}

/** The table a child table's rows are written to: itself, or its staging copy. */
export function physicalTable(plan: PagePlan, live: string): string {
  return plan.staged ? stagingTableName(live) : live;
}

/** The columns to write: all of a table's, or only those the rows have. */
export function typedColumns(columns: Map<string, DataType>, rows?: RoutedRow[]): TypedColumn[] {
  const names = rows ? new Set(rows.flatMap((row) => [...row.keys()])) : undefined;
  return [...columns].filter(([name]) => !names || names.has(name)).map(([name, type]) => ({ name, type }));
}

/** The child rows that belong to the given root rows. */
export function childrenOf(children: NormalizedPage['children'], rootIds: Set<CellValue>): NormalizedPage['children'] {
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
export function checkRequiredValues(plan: PagePlan, columns: Map<string, DataType>, rows: RoutedRow[]): void {
  const { page, shape, normalized } = plan;
  const missing = (row: RoutedRow, column: string) => row.get(column) === null || row.get(column) === undefined;
  const fail = (i: number, column: string, what: string) => {
    const value = normalized.rows[i]?.[column];
    const has =
      value === null || value === undefined
        ? 'no value'
        : `value ${quoted(value)}, which does not fit its type ${columns.get(column)},`;
    throw new DestinationError(
      `resource '${page.table.resource}': record ${normalized.recordIndexes[i]} of page ${page.seq} has ${has} for ${what}`,
    );
  };
  rows.forEach((row, i) => {
    for (const [k, column] of shape.primaryKey.entries()) {
      if (missing(row, column)) fail(i, column, `primary key '${page.table.primaryKey[k]}'`);
    }
    for (const [column, name] of shape.required) {
      if (missing(row, column)) fail(i, column, `column '${name}', which its hints declare not nullable`);
    }
  });
}
