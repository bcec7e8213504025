import type { Knex } from 'knex';
import type { JsonValue } from '../json';
import { coerceValue, DOES_NOT_FIT, inferDataType, type CellValue } from './data-type';
import type {
  Checkpoint,
  Destination,
  LoadRecord,
  ParentRow,
  TableSpec,
  WritePageInput,
  WritePageResult,
} from './destination';
import { normalizeColumnName, PATH_SEPARATOR } from './naming';
import { DestinationError } from '../errors';
import { GroupCommit } from './group-commit';
import { selectAttempts, upsertAttempt } from './load-attempts';
import { LOAD_ID } from './normalize-page';
import { planPage, type PagePlan } from './page-plan';
import { swapStaging } from './replace-staging';
import { isScd2, retireUnseenVersions, validityColumns } from './scd2';
import type { SqlDialect } from './sql-dialect';
import {
  createSystemTables,
  loadHasStarted,
  readCheckpointRows,
  selectLoads,
  sumCheckpointRows,
  upsertLoad,
} from './system-tables';
import { TableFamilies } from './table-family';
import { TableSchemas } from './table-schemas';
import { writePages, type WriteContext } from './write-pages';

/** Concurrent writes committed in one transaction at most. */
const MAX_WRITES_PER_TRANSACTION = 64;
/**
 * Longest wait for writes a caller says are on their way. Child partitions of one small page each, fetched a few at a
 * time under the API's concurrency cap, arrive milliseconds apart: without the wait nearly every page is a
 * transaction of its own.
 */
const GROUP_LINGER_MS = 20;

/**
 * A destination on a knex connection pool, for any database with a {@link SqlDialect}. Writes go through a group
 * commit: the pages of writes made at the same time are written by {@link writePages} in one transaction.
 */
export class SqlDestination implements Destination {
  private readonly schemas: TableSchemas;
  private readonly families = new TableFamilies();
  private systemTables: Promise<void> | undefined;
  private readonly commits: GroupCommit<WritePageInput[], WritePageResult[]>;
  /** Pages planned ahead of their write ({@link plan}), by the page, until the page is dropped. */
  private readonly plans = new WeakMap<WritePageInput, PagePlan>();
  /** What writing pages and swapping staging tables use. */
  private readonly context: WriteContext;

  /** Wraps an open knex pool, which the destination owns and closes. */
  constructor(
    private readonly knex: Knex,
    private readonly dialect: SqlDialect,
  ) {
    this.schemas = new TableSchemas(dialect);
    this.context = {
      dialect,
      schemas: this.schemas,
      families: this.families,
      transaction: (work) => this.transaction(work),
    };
    this.commits = new GroupCommit((writes) => this.commitWrites(writes), {
      lanes: dialect.writers,
      maxGroup: MAX_WRITES_PER_TRANSACTION,
      lingerMs: GROUP_LINGER_MS,
    });
  }

  /**
   * Runs a transaction, then shares what it cached about tables. A failure may come from tables changed behind this
   * process's back, so the caches are dropped and the next write reads the database again.
   */
  private async transaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    try {
      const [result, trx] = await this.knex.transaction(async (trx) => [await work(trx), trx] as const);
      this.schemas.publish(trx);
      this.families.publish(trx);
      return result;
    } catch (error) {
      this.schemas.clear();
      this.families.clear();
      throw error;
    }
  }

  ensureSystemTables(): Promise<void> {
    this.systemTables ??= this.knex
      .transaction(async (trx) => {
        await this.dialect.lockNames(trx, ['_sluice_system']);
        await createSystemTables(trx);
      })
      .catch((error: unknown) => {
        this.systemTables = undefined;
        throw error;
      });
    return this.systemTables;
  }

  async readCheckpoints(resource: string, partitions: string[]): Promise<Map<string, Checkpoint>> {
    await this.ensureSystemTables();
    return readCheckpointRows(this.knex, resource, partitions);
  }

  async committedTotals(resource: string, loadId: string): Promise<{ pages: number; records: number }> {
    await this.ensureSystemTables();
    return sumCheckpointRows(this.knex, resource, loadId);
  }

  write(pages: WritePageInput[], arriving?: () => number): Promise<WritePageResult[]> {
    return this.commits.submit(pages, arriving);
  }

  plan(pages: WritePageInput[]): void {
    for (const page of pages) {
      const plan = planPage(page);
      // scd2 sets each row's validity inside the transaction, so its rows are routed there.
      if (!plan.validity) plan.routedAhead = this.schemas.routeAhead(plan.table, plan.normalized.rows, plan.hints);
      this.plans.set(page, plan);
    }
  }

  /** Commits a group of writes in one transaction: their pages one after another, then each write's own results. */
  private async commitWrites(writes: WritePageInput[][]): Promise<WritePageResult[][]> {
    await this.ensureSystemTables();
    const plans = writes.flat().map((page) => this.plans.get(page) ?? planPage(page));
    const results = await writePages(this.context, plans);
    let start = 0;
    return writes.map((pages) => results.slice(start, (start += pages.length)));
  }

  async completeResource(table: TableSpec, loadId: string): Promise<void> {
    const root = normalizeColumnName(table.tableName);
    if (isScd2(table)) {
      await this.ensureSystemTables();
      await this.transaction(async (trx) => {
        await this.dialect.lockNames(trx, [JSON.stringify(['versions', root])]);
        if (await this.schemas.describe(trx, root))
          await retireUnseenVersions(trx, root, validityColumns(table), loadId);
      });
      return;
    }
    if (table.writeDisposition !== 'replace') return;
    await this.ensureSystemTables();
    await this.transaction(async (trx) => {
      await this.dialect.lockNames(trx, [JSON.stringify(['staging', root])]);
      // Only a load that wrote pages owns the staging tables; a retried completion finds nothing left to swap.
      if (await loadHasStarted(trx, table.resource, loadId)) await swapStaging(this.context, trx, root);
    });
  }

  async beginLoad(load: LoadRecord): Promise<void> {
    await this.ensureSystemTables();
    await upsertLoad(this.knex, load);
  }

  async finishLoad(load: LoadRecord): Promise<void> {
    await this.ensureSystemTables();
    await upsertLoad(this.knex, load);
    await upsertAttempt(this.knex, load);
  }

  async listAttempts(limit: number): Promise<LoadRecord[]> {
    await this.ensureSystemTables();
    return selectAttempts(this.knex, limit);
  }

  async listLoads(limit: number): Promise<LoadRecord[]> {
    await this.ensureSystemTables();
    return selectLoads(this.knex, limit);
  }

  async readColumnValues(
    table: TableSpec,
    column: string,
    after: JsonValue | undefined,
    limit: number,
    loadId?: string,
  ): Promise<JsonValue[]> {
    const root = normalizeColumnName(table.tableName);
    const name = fieldColumn(column);
    if (!(await this.schemas.describe(this.knex, root))?.columns.has(name)) this.schemas.forget(this.knex, [root]);
    const schema = await this.schemas.describe(this.knex, root);
    const type = schema?.columns.get(name);
    if (type === undefined) {
      // No column at all while the table holds rows of this load: the records lack the field, and walking no keys
      // would report a child complete over data it never requested.
      if (schema && loadId !== undefined && (await this.knex(root).first(LOAD_ID).where(LOAD_ID, loadId)))
        throw new DestinationError(
          `table ${root} has no column ${name} for the field '${column}': no record of this load has that field`,
        );
      return [];
    }
    const query = this.knex(root).distinct(name).whereNotNull(name).orderBy(name).limit(limit);
    if (loadId !== undefined) query.where(LOAD_ID, loadId);
    if (after !== undefined && after !== null) {
      const cell = coerceValue(after, inferDataType(after) ?? type, type);
      query.where(
        name,
        '>',
        this.dialect.encode(cell === DOES_NOT_FIT ? JSON.stringify(after) : cell, type) as Knex.Value,
      );
    }
    const rows: Array<Record<string, unknown>> = await query;
    return rows.map((row) => this.dialect.decode(row[name], type));
  }

  async readParentRows(
    table: TableSpec,
    column: string,
    fields: string[],
    after: JsonValue | undefined,
    limit: number,
    loadId: string,
  ): Promise<ParentRow[]> {
    const keys = await this.readColumnValues(table, column, after, limit, loadId);
    if (keys.length === 0 || fields.length === 0) return keys.map((key) => ({ key, fields: {} }));
    const root = normalizeColumnName(table.tableName);
    const name = fieldColumn(column);
    const schema = (await this.schemas.describe(this.knex, root))!;
    const key = schema.columns.get(name)!;
    const present = fields.map(fieldColumn).filter((field) => schema.columns.has(field));
    const rows: Array<Record<string, unknown>> = await this.knex(root)
      .select([name, ...present])
      .whereIn(
        name,
        keys.map((value) => this.dialect.encode(value as CellValue, key) as Knex.Value),
      )
      .where(LOAD_ID, loadId);
    const byKey = new Map(rows.map((row) => [JSON.stringify(this.dialect.decode(row[name], key)), row]));
    return keys.map((value) => {
      const row = byKey.get(JSON.stringify(value)) ?? {};
      const values = Object.fromEntries(
        fields.map((field) => {
          const column = fieldColumn(field);
          const type = schema.columns.get(column);
          return [
            field,
            type === undefined || row[column] === undefined ? null : this.dialect.decode(row[column], type),
          ];
        }),
      );
      return { key: value, fields: values };
    });
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }
}

/** The column a record field lands in: a nested field such as `owner.id` is flattened as records are, to `owner__id`. */
function fieldColumn(field: string): string {
  return normalizeColumnName(field.split('.').join(PATH_SEPARATOR));
}
