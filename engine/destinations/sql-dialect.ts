import type { Knex } from 'knex';
import type { JsonValue } from '../json';
import type { CellValue, DataType } from './data-type';
import type { RoutedRow } from './route-rows';

/** A knex instance or an open transaction on it. */
export type Db = Knex | Knex.Transaction;

/** A column to write, with its logical type. */
export interface TypedColumn {
  name: string;
  type: DataType;
}

/** What a table looks like in the database. */
export interface TableDescription {
  columns: Map<string, DataType>;
  indexes: string[];
}

/**
 * What differs between the databases sluice writes to: types, catalog queries, locks and the bulk write. Everything
 * else (normalisation, schema evolution, dispositions, checkpoints) is shared by {@link SqlDestination}.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Whether `SELECT … FOR UPDATE` locks a row (PostgreSQL) or is meaningless (SQLite, which locks the database). */
  readonly rowLocks: boolean;
  /** Transactions that write pages at the same time: 1 where the database has a single writer. */
  readonly writers: number;
  /** Most columns a table may have (PostgreSQL 1,600; SQLite 2,000 by default). */
  readonly maxColumns: number;
  /** The native type of a column of a logical type. */
  columnType(type: DataType): string;
  /** Reads a table's columns and index names, or undefined when it does not exist. */
  describeTable(db: Db, table: string): Promise<TableDescription | undefined>;
  /**
   * Takes named locks until the transaction ends, serialising writers of the same names across connections (schema
   * changes to a table, a checkpoint). Several names are taken in a fixed order, so two writers cannot deadlock.
   */
  lockNames(trx: Knex.Transaction, names: string[]): Promise<void>;
  /**
   * Writes rows with as few statements as the database allows. With `conflictKey`, a row whose key exists replaces it
   * (every listed column is overwritten).
   */
  writeRows(
    trx: Knex.Transaction,
    table: string,
    columns: TypedColumn[],
    rows: RoutedRow[],
    conflictKey?: string[],
  ): Promise<void>;
  /** A subquery yielding the given tuples, for `whereIn(columns, …)`: one bound parameter per column or per set. */
  tupleSource(db: Db, columns: TypedColumn[], tuples: CellValue[][]): Knex.Raw;
  /** Converts a value read from a column back to JSON (SQLite's 0/1 booleans, JSON text). */
  decode(value: unknown, type: DataType): JsonValue;
  /** Converts a JSON value to bind against a column of `type`. */
  encode(value: CellValue, type: DataType): unknown;
}
