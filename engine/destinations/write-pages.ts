import type { Knex } from 'knex';
import type { CellValue, DataType } from './data-type';
import type { Checkpoint, WritePageResult } from './destination';
import { LOAD_ID, ROOT_ID, ROOT_ROW_ID } from './normalize-page';
import { checkpointId, checkRequiredValues, childrenOf, physicalTable, typedColumns, type PagePlan } from './page-plan';
import { resetStaging } from './replace-staging';
import type { RoutedRow } from './route-rows';
import { loadBoundary, markActiveVersions } from './scd2';
import type { SqlDialect } from './sql-dialect';
import { loadHasStarted, nextCheckpoint, readCheckpointRows, writeCheckpoints } from './system-tables';
import type { TableFamilies } from './table-family';
import type { TableSchemas } from './table-schemas';

/** What writing pages needs from its destination. */
export interface WriteContext {
  dialect: SqlDialect;
  schemas: TableSchemas;
  families: TableFamilies;
  /** Runs work in a transaction; what it learns about tables is shared once it commits, and forgotten if it fails. */
  transaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
}

/**
 * Writes planned pages (normalised, their tables, keys and locks worked out: {@link planPage}) in one transaction, in
 * order, each with its checkpoint: the transaction locks and reads the checkpoints of them all, writes each page not
 * committed before, and records the new checkpoints with one statement.
 */
export async function writePages(context: WriteContext, plans: PagePlan[]): Promise<WritePageResult[]> {
  return context.transaction(async (trx) => {
    const checkpoints = await lockCheckpoints(context, trx, plans);
    const written = new Map<string, Checkpoint>();
    const started = new Set<string>();
    const results: WritePageResult[] = [];
    for (const plan of plans) {
      const { page } = plan;
      const previous = checkpoints.get(plan.checkpointId);
      if (previous && previous.loadId === page.loadId && previous.seq >= page.seq) {
        results.push({ skipped: true, rows: 0 });
        continue;
      }
      // A load's first page empties the staging tables; the checkpoints of this transaction are not stored yet.
      const resource = page.table.resource;
      if (
        plan.staged &&
        page.seq === 1 &&
        !started.has(resource) &&
        !(await loadHasStarted(trx, resource, page.loadId))
      )
        await resetStaging(context, trx, plan.live);
      const rows = await writeRows(context, trx, plan);
      const checkpoint = nextCheckpoint(page, previous, rows);
      checkpoints.set(plan.checkpointId, checkpoint);
      written.set(plan.checkpointId, checkpoint);
      started.add(resource);
      results.push({ skipped: false, rows });
    }
    await writeCheckpoints(trx, [...written.values()]);
    return results;
  });
}

/**
 * Takes the pages' locks in one statement, then reads their checkpoints with one statement per resource: two attempts
 * at one page (a retried activity whose first attempt still runs) must not both write it.
 */
async function lockCheckpoints(
  { dialect }: WriteContext,
  trx: Knex.Transaction,
  plans: PagePlan[],
): Promise<Map<string, Checkpoint>> {
  await dialect.lockNames(
    trx,
    plans.flatMap((plan) => plan.locks),
  );
  const partitions = new Map<string, Set<string>>();
  for (const { page } of plans)
    partitions.set(page.table.resource, (partitions.get(page.table.resource) ?? new Set()).add(page.partition));
  const checkpoints = new Map<string, Checkpoint>();
  for (const [resource, names] of partitions) {
    const stored = await readCheckpointRows(trx, resource, [...names], dialect.rowLocks);
    for (const checkpoint of stored.values()) checkpoints.set(checkpointId(resource, checkpoint.partition), checkpoint);
  }
  return checkpoints;
}

/**
 * Writes a planned page's rows: the root rows (upserted on the primary key under merge and replace, with full-row
 * replacement; inserted otherwise; under scd2 only the versions not already active), then the child rows, after
 * deleting the children of every upserted root row. Creates and evolves the tables on the way. Returns the number of
 * root rows written.
 */
async function writeRows(context: WriteContext, trx: Knex.Transaction, plan: PagePlan): Promise<number> {
  const { dialect, schemas, families } = context;
  const { page, normalized, live, table, validity } = plan;
  if (validity) {
    const boundary = await loadBoundary(trx, page.loadId);
    for (const row of normalized.rows) [row[validity.from], row[validity.to]] = [boundary, null];
  }
  const existed = (await schemas.describe(trx, table)) !== undefined;
  const root = await schemas.prepare(trx, table, normalized.rows, {
    ahead: plan.routedAhead,
    kind: 'root',
    hints: plan.hints,
    uniqueKey: plan.upsertKey,
    notNull: new Set(plan.shape.required.keys()),
  });
  if (root.created && table !== live) await families.add(trx, live, { table, live });
  checkRequiredValues(plan, root.columns, root.rows);

  const children = plan.staged
    ? (await families.staged(trx, live)).map((member) => member.table).filter((member) => member !== table)
    : await families.children(trx, live);
  let childRows = normalized.children;
  if (validity) {
    // scd2 inserts only versions not already active; their children come with them, and nothing is updated in place.
    const active = existed
      ? await markActiveVersions(dialect, trx, table, validity, root.rows, page.loadId)
      : new Set<CellValue>();
    const inserted = root.rows.filter((row) => !active.has(row.get(ROOT_ID) ?? null));
    await dialect.writeRows(trx, table, typedColumns(root.columns, inserted), inserted);
    childRows = childrenOf(normalized.children, new Set(inserted.map((row) => row.get(ROOT_ID) ?? null)));
  } else {
    if (plan.strategy === 'delete-insert' && plan.shape.mergeKey.length > 0 && existed)
      await deleteByMergeKey(context, trx, plan, root.columns, root.rows, children);
    const conflictKey = root.keyed ? plan.shape.primaryKey : undefined;
    // An upsert replaces whole rows: every column is written, so fields absent from the new record become null.
    await dialect.writeRows(
      trx,
      table,
      typedColumns(root.columns, conflictKey ? undefined : root.rows),
      root.rows,
      conflictKey,
    );
    if (conflictKey && existed && root.rows.length > 0)
      await deleteChildren(
        context,
        trx,
        children,
        root.rows.map((row) => row.get(ROOT_ID) ?? null),
      );
  }

  for (const [childLive, rows] of childRows) {
    const childTable = physicalTable(plan, childLive);
    const child = await schemas.prepare(trx, childTable, rows, { kind: 'child', hints: new Map() });
    if (child.created) await families.add(trx, live, { table: childTable, live: childLive });
    await dialect.writeRows(trx, childTable, typedColumns(child.columns, child.rows), child.rows);
  }
  return root.rows.length;
}

/** knex accepts a raw subquery wherever it accepts a query builder, which its types do not say. */
function subquery(raw: Knex.Raw): Knex.QueryBuilder {
  return raw as unknown as Knex.QueryBuilder;
}

/** Deletes the child rows of the given root rows from every child table. */
async function deleteChildren(
  { dialect, schemas }: WriteContext,
  trx: Knex.Transaction,
  children: string[],
  rootIds: Knex.QueryBuilder | CellValue[],
): Promise<void> {
  for (const child of children) {
    if (!(await schemas.describe(trx, child))) continue;
    const source = Array.isArray(rootIds)
      ? subquery(
          dialect.tupleSource(
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
  context: WriteContext,
  trx: Knex.Transaction,
  { page, shape, table }: PagePlan,
  columns: Map<string, DataType>,
  rows: RoutedRow[],
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
      .whereIn(shape.mergeKey, subquery(context.dialect.tupleSource(trx, key, [...tuples.values()])))
      .whereNot(LOAD_ID, page.loadId);
  await deleteChildren(context, trx, children, matching().select(ROOT_ID));
  await matching().del();
}
