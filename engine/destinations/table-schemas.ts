import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { DestinationError } from '../errors';
import type { DataType } from './data-type';
import { LIST_INDEX, LOAD_ID, type NormalizedRow, PARENT_ID, ROOT_ID, ROOT_ROW_ID } from './normalize-page';
import { routeRows, type RoutedRow, type RoutedRows } from './route-rows';
import type { Db, SqlDialect, TableDescription } from './sql-dialect';
import { TransactionCache } from './transaction-cache';

/** What a table holds: root rows of a resource, or rows of one of its lists. */
export type TableKind = 'root' | 'child';

const SYSTEM_COLUMNS: Record<TableKind, Array<[string, DataType]>> = {
  root: [
    [ROOT_ID, 'text'],
    [LOAD_ID, 'text'],
  ],
  child: [
    [ROOT_ID, 'text'],
    [PARENT_ID, 'text'],
    [LIST_INDEX, 'bigint'],
    [ROOT_ROW_ID, 'text'],
  ],
};

/** What {@link TableSchemas.prepare} needs to know about a table. */
export interface PrepareOptions {
  kind: TableKind;
  /** Types the config's `columns` hints give, for new columns. */
  hints: ReadonlyMap<string, DataType>;
  /** The same rows routed ahead of the write, used if the table has not changed since. */
  ahead?: RoutedAhead;
  /** Columns that must be unique (the primary key), so that upserts can target them. */
  uniqueKey?: string[];
  /** Columns created NOT NULL. Only a new table gets the constraint: one that holds rows cannot gain it. */
  notNull?: ReadonlySet<string>;
}

/** Rows routed ahead of their write to a table's columns as last committed ({@link TableSchemas.routeAhead}). */
export interface RoutedAhead {
  /** The table's description the rows were routed against. */
  description: TableDescription;
  routed: RoutedRows;
}

/** A table ready to receive rows: its columns, and the rows matched to them. */
export interface PreparedTable {
  columns: Map<string, DataType>;
  rows: RoutedRow[];
  /** Whether upserts can target `uniqueKey`. */
  keyed: boolean;
  /** Whether this call created the table. */
  created: boolean;
}

function keyIndexPrefix(key: string[]): string {
  return `sk_${createHash('sha256').update(key.join('\u0000')).digest('hex').slice(0, 10)}_`;
}

// Index names are global in a PostgreSQL schema and in an SQLite file, and survive a table's rename on swap, so each
// gets a random suffix; the key index is recognised by the prefix hashed from its columns.
function indexName(prefix: string): string {
  return prefix + randomBytes(4).toString('hex');
}

/**
 * The columns of every table a destination has touched, cached in memory and read from the database on first touch,
 * so that a new process continues an existing table. Creates tables and adds columns inside the page's transaction.
 */
export class TableSchemas {
  private readonly cache = new TransactionCache<TableDescription>();

  constructor(private readonly dialect: SqlDialect) {}

  /** A table's columns and indexes, or undefined when it does not exist. */
  async describe(db: Db, table: string): Promise<TableDescription | undefined> {
    const cached = this.cache.get(db, table);
    if (cached) return cached;
    const described = await this.dialect.describeTable(db, table);
    if (described) this.cache.set(db, table, described);
    return described;
  }

  /** Shares what a committed transaction learnt. */
  publish(trx: Knex.Transaction): void {
    this.cache.publish(trx);
  }

  /** Forgets every cached schema, so that the next write reads the database again. */
  clear(): void {
    this.cache.clear();
  }

  /** Forgets cached schemas: after a drop or a rename. */
  forget(db: Db, tables: Iterable<string>): void {
    for (const table of tables) this.cache.delete(db, table);
  }

  /**
   * Routes rows to a table's columns as last committed, with no database work, so that {@link prepare} need not route
   * them again inside the transaction while the table stays as it was. Undefined for a table not read yet.
   */
  routeAhead(table: string, rows: NormalizedRow[], hints: ReadonlyMap<string, DataType>): RoutedAhead | undefined {
    const description = this.cache.committedValue(table);
    return description && { description, routed: routeRows(description.columns, rows, hints) };
  }

  /**
   * Routes rows to the table's columns and makes the table match: creates it, adds new and variant columns, and adds
   * the unique index on the key once its columns exist. Schema changes take a lock on the table's name and re-read
   * its columns first, so concurrent writers of one table agree.
   */
  async prepare(
    trx: Knex.Transaction,
    table: string,
    rows: NormalizedRow[],
    options: PrepareOptions,
  ): Promise<PreparedTable> {
    const key = options.uniqueKey ?? [];
    const prefix = keyIndexPrefix(key);
    const hasKeyIndex = (d: TableDescription) => d.indexes.some((name) => name.startsWith(prefix));
    const wantsKeyIndex = (d: TableDescription | undefined, added: Map<string, DataType>) =>
      key.length > 0 && key.every((k) => d?.columns.has(k) || added.has(k)) && !(d && hasKeyIndex(d));
    const system = new Map(SYSTEM_COLUMNS[options.kind]);

    let description = await this.describe(trx, table);
    // Descriptions are never changed in place: the same one means the same columns.
    let routed =
      description && options.ahead?.description === description
        ? options.ahead.routed
        : routeRows(description?.columns ?? system, rows, options.hints);
    if (description && routed.added.size === 0 && !wantsKeyIndex(description, routed.added)) {
      return {
        columns: description.columns,
        rows: routed.rows,
        keyed: key.length > 0 && hasKeyIndex(description),
        created: false,
      };
    }

    await this.dialect.lockNames(trx, [table]);
    description = await this.dialect.describeTable(trx, table);
    routed = routeRows(description?.columns ?? system, rows, options.hints);
    const addKeyIndex = wantsKeyIndex(description, routed.added);
    const width = (description?.columns.size ?? system.size) + routed.added.size;
    if (width > this.dialect.maxColumns) {
      // The database would refuse the table with a long error, and a retry cannot fix it.
      throw new DestinationError(
        `${this.dialect.name === 'postgres' ? 'PostgreSQL' : 'SQLite'} allows at most ${this.dialect.maxColumns.toLocaleString('en-US')} columns in a table: table '${table}' would have ${width.toLocaleString('en-US')}; keep a wide object whole with a data_type: json column hint`,
      );
    }
    const columns = new Map(description?.columns ?? []);
    const indexes = [...(description?.indexes ?? [])];
    const keyIndex = indexName(prefix);

    if (!description) {
      const initial = new Map([...system, ...(options.kind === 'root' ? options.hints : []), ...routed.added]);
      const rootIndex = indexName('sr_');
      await trx.schema.createTable(table, (t) => {
        for (const [name, type] of initial) {
          const column = t.specificType(name, this.dialect.columnType(type));
          if (system.has(name) || options.notNull?.has(name)) column.notNullable();
        }
        if (options.kind === 'child') t.index([ROOT_ROW_ID], rootIndex);
        if (addKeyIndex) t.unique(key, { indexName: keyIndex });
      });
      for (const entry of initial) columns.set(...entry);
      if (options.kind === 'child') indexes.push(rootIndex);
    } else {
      await trx.schema.alterTable(table, (t) => {
        for (const [name, type] of routed.added) t.specificType(name, this.dialect.columnType(type));
        if (addKeyIndex) t.unique(key, { indexName: keyIndex });
      });
      for (const entry of routed.added) columns.set(...entry);
    }
    if (addKeyIndex) indexes.push(keyIndex);
    const updated = { columns, indexes };
    this.cache.set(trx, table, updated);
    return { columns, rows: routed.rows, keyed: key.length > 0 && hasKeyIndex(updated), created: !description };
  }
}
