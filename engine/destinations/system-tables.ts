import type { Knex } from 'knex';
import type { Checkpoint, LoadRecord, WritePageInput } from './destination';
import type { Db } from './sql-dialect';
import { createAttemptsTable } from './load-attempts';
import { addLoadColumns, selectLoadRows, toLoadRow } from './load-rows';
import { createFamilyTable } from './table-family';

/** Checkpoints: the last committed page of each resource partition. */
export const STATE_TABLE = '_sluice_state';
/** One row per load and resource. */
export const LOADS_TABLE = '_sluice_loads';

interface StateRow {
  resource: string;
  partition: string;
  load_id: string;
  seq: number | string;
  state: string;
  status: string;
  records: number | string;
  pages: number | string;
}

/** Creates `_sluice_state`, `_sluice_loads` and `_sluice_tables` if they do not exist. */
export async function createSystemTables(db: Db): Promise<void> {
  if (!(await db.schema.hasTable(STATE_TABLE))) {
    await db.schema.createTable(STATE_TABLE, (t) => {
      t.text('resource').notNullable();
      t.text('partition').notNullable();
      t.text('load_id').notNullable();
      t.bigInteger('seq').notNullable();
      t.text('state').notNullable();
      t.text('status').notNullable();
      t.bigInteger('records').notNullable();
      t.bigInteger('pages').notNullable();
      t.text('updated_at').notNullable();
      t.primary(['resource', 'partition']);
    });
  }
  if (!(await db.schema.hasTable(LOADS_TABLE))) {
    await db.schema.createTable(LOADS_TABLE, (t) => {
      addLoadColumns(t);
      t.primary(['load_id', 'resource']);
    });
  }
  await createFamilyTable(db);
  await createAttemptsTable(db);
}

function toCheckpoint(row: StateRow): Checkpoint {
  return {
    resource: row.resource,
    partition: row.partition,
    loadId: row.load_id,
    seq: Number(row.seq),
    state: JSON.parse(row.state),
    status: row.status === 'complete' ? 'complete' : 'running',
    records: Number(row.records),
    pages: Number(row.pages),
  };
}

/** Reads the checkpoints of a resource's partitions, by partition; `forUpdate` locks their rows until the transaction ends (PostgreSQL). */
export async function readCheckpointRows(
  db: Db,
  resource: string,
  partitions: string[],
  forUpdate = false,
): Promise<Map<string, Checkpoint>> {
  if (partitions.length === 0) return new Map();
  const query = db<StateRow>(STATE_TABLE).where({ resource }).whereIn('partition', partitions);
  const rows = (await (forUpdate ? query.forUpdate() : query)) as StateRow[];
  return new Map(rows.map((row) => [row.partition, toCheckpoint(row)]));
}

/** The pages and records a load has committed for a resource, summed over its partitions. */
export async function sumCheckpointRows(
  db: Db,
  resource: string,
  loadId: string,
): Promise<{ pages: number; records: number }> {
  const row = (await db(STATE_TABLE)
    .where({ resource, load_id: loadId })
    .sum({ pages: 'pages', records: 'records' })
    .first()) as { pages: unknown; records: unknown } | undefined;
  return { pages: Number(row?.pages ?? 0), records: Number(row?.records ?? 0) };
}

/** Whether any partition of a resource has committed a page of this load. */
export async function loadHasStarted(db: Db, resource: string, loadId: string): Promise<boolean> {
  return (await db(STATE_TABLE).where({ resource, load_id: loadId }).first()) !== undefined;
}

/** The checkpoint after a committed page: counters continue within a load and restart with a new one. */
export function nextCheckpoint(page: WritePageInput, previous: Checkpoint | undefined, rows: number): Checkpoint {
  const sameLoad = previous?.loadId === page.loadId;
  return {
    resource: page.table.resource,
    partition: page.partition,
    loadId: page.loadId,
    seq: page.seq,
    state: page.nextState,
    status: page.done ? 'complete' : 'running',
    records: (sameLoad ? previous.records : 0) + rows,
    pages: (sameLoad ? previous.pages : 0) + 1,
  };
}

/** Records checkpoints, at most one per partition, in one statement. */
export async function writeCheckpoints(trx: Knex.Transaction, checkpoints: Checkpoint[]): Promise<void> {
  if (checkpoints.length === 0) return;
  const updatedAt = new Date().toISOString();
  await trx(STATE_TABLE)
    .insert(
      checkpoints.map((checkpoint) => ({
        resource: checkpoint.resource,
        partition: checkpoint.partition,
        load_id: checkpoint.loadId,
        seq: checkpoint.seq,
        state: JSON.stringify(checkpoint.state),
        status: checkpoint.status,
        records: checkpoint.records,
        pages: checkpoint.pages,
        updated_at: updatedAt,
      })),
    )
    .onConflict(['resource', 'partition'])
    .merge();
}

/** Inserts or overwrites a row of `_sluice_loads`. */
export async function upsertLoad(db: Db, load: LoadRecord): Promise<void> {
  await db(LOADS_TABLE).insert(toLoadRow(load)).onConflict(['load_id', 'resource']).merge();
}

/** Lists `_sluice_loads`, newest first. */
export function selectLoads(db: Db, limit: number): Promise<LoadRecord[]> {
  return selectLoadRows(db, LOADS_TABLE, limit);
}
