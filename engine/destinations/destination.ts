import type { JsonObject, JsonValue } from '../json';

/** How a resource's rows are combined with what the table already holds. */
export type WriteDisposition = 'append' | 'replace' | 'merge';

/** Column hints from the config's `columns` key. */
export interface ColumnHint {
  data_type?: 'text' | 'bigint' | 'double' | 'bool' | 'timestamp' | 'date' | 'json' | 'decimal' | 'binary';
  nullable?: boolean;
  primary_key?: boolean;
}

/** What a destination needs to know about a resource's table. Plain JSON: it travels in activity inputs. */
export interface TableSpec {
  /** The resource's name, the key of its checkpoints. */
  resource: string;
  /** The table name before normalisation (the resource's `table_name`, or its name). */
  tableName: string;
  primaryKey: string[];
  mergeKey: string[];
  writeDisposition: WriteDisposition;
  /** dlt's merge strategy, from `write_disposition: {disposition: merge, strategy}`; unset means delete-insert. */
  mergeStrategy?: 'delete-insert' | 'upsert' | 'scd2';
  /** scd2's options as written in `write_disposition` (`validity_column_names`, `active_record_timestamp`, …). */
  mergeOptions?: Record<string, JsonValue>;
  columns: Record<string, ColumnHint>;
  /** Nesting depth beyond which nested data is stored as JSON; undefined means unlimited. */
  maxTableNesting?: number;
}

/** Identifies one checkpoint: a resource, and for child resources the parent key it was run for. */
export interface CheckpointKey {
  resource: string;
  /** The parent key of a child resource's partition, or '' for a top-level resource. */
  partition: string;
}

/** The last committed page of a resource (partition), stored in `_sluice_state`. */
export interface Checkpoint extends CheckpointKey {
  loadId: string;
  /** Sequence number of the last committed page, counted from 1 within a load. */
  seq: number;
  /** Paginator state after that page: where the next page starts. */
  state: JsonValue;
  status: 'running' | 'complete';
  records: number;
  pages: number;
}

/** One page to commit together with its checkpoint. */
export interface WritePageInput {
  table: TableSpec;
  loadId: string;
  partition: string;
  /** Sequence number of this page; a page whose seq is not above the stored checkpoint's is skipped. */
  seq: number;
  records: JsonObject[];
  /** Paginator state after this page. */
  nextState: JsonValue;
  /** Whether this is the resource's (partition's) last page. */
  done: boolean;
}

/** What a page write did. */
export interface WritePageResult {
  /** True when the page had already been committed (a retried activity) and nothing was written. */
  skipped: boolean;
  /** Rows written to the resource's root table. */
  rows: number;
}

/**
 * A database that sluice loads into. Every implementation runs the shared contract suite in
 * `test/integration/destination-contract.ts`.
 */
export interface Destination {
  /** Creates the system tables (`_sluice_loads`, `_sluice_state`) if they do not exist. */
  ensureSystemTables(): Promise<void>;
  /** Reads the checkpoints of several partitions of a resource at once, by partition; missing ones are absent. */
  readCheckpoints(resource: string, partitions: string[]): Promise<Map<string, Checkpoint>>;
  /**
   * The pages and records a load has committed for a resource, over all its partitions: what the load wrote, even when
   * an activity that committed some of it died before reporting.
   */
  committedTotals(resource: string, loadId: string): Promise<{ pages: number; records: number }>;
  /**
   * Normalises and writes pages, each with its checkpoint, in one transaction and in order: all of them commit, or
   * none does. Creates or evolves tables as needed. A page already committed (same load, seq not above the
   * checkpoint's) is skipped. Writes made at the same time may share a transaction; each still commits or fails on
   * its own. `arriving` counts the writes the caller will make soon (pages of other partitions still being fetched):
   * the destination may wait briefly for them, to commit them in the same transaction.
   */
  write(pages: WritePageInput[], arriving?: () => number): Promise<WritePageResult[]>;
  /**
   * Normalises pages ahead of their write, which then reuses the work: done while earlier pages commit, it keeps
   * normalisation off the transaction's critical path. Optional for callers; throws what `write` would for a page
   * that cannot be written (a merge strategy its table does not allow).
   */
  plan(pages: WritePageInput[]): void;
  /** Ends a resource's load: swaps in the staging table under `replace`. */
  completeResource(table: TableSpec, loadId: string): Promise<void>;
  /** Records a sync's start in `_sluice_loads`. */
  beginLoad(load: LoadRecord): Promise<void>;
  /** Records a sync's end in `_sluice_loads`. */
  finishLoad(load: LoadRecord): Promise<void>;
  /** Lists `_sluice_loads`, newest first. */
  listLoads(limit: number): Promise<LoadRecord[]>;
  /** Lists how each run's attempt at a resource ended (failed and cancelled ones too), newest first. */
  listAttempts(limit: number): Promise<LoadRecord[]>;
  /**
   * Reads distinct values of one column of a resource's root table, in key order after `after`; with `loadId`, only of
   * the rows that load wrote.
   */
  readColumnValues(
    table: TableSpec,
    column: string,
    after: JsonValue | undefined,
    limit: number,
    loadId?: string,
  ): Promise<JsonValue[]>;
  /**
   * The parent rows a load wrote, for child-resource fan-out: like {@link readColumnValues}, with more columns of each
   * row: `key` holds the key column's value, `fields` the requested columns (absent columns are null), for
   * `include_from_parent`. Rows an earlier load wrote and this one did not see again are left out, as dlt only walks
   * the children of the parent records it yields.
   */
  readParentRows(
    table: TableSpec,
    column: string,
    fields: string[],
    after: JsonValue | undefined,
    limit: number,
    loadId: string,
  ): Promise<ParentRow[]>;
  close(): Promise<void>;
}

/** A parent row read back for child fan-out. */
export interface ParentRow {
  key: JsonValue;
  fields: Record<string, JsonValue>;
}

/** A row of `_sluice_loads`. */
export interface LoadRecord {
  loadId: string;
  source: string;
  resource: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled' | 'skipped';
  records: number;
  pages: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
}
