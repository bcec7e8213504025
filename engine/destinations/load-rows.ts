import type { Knex } from 'knex';
import type { LoadRecord } from './destination';
import type { Db } from './sql-dialect';

/** A row of `_sluice_loads` or `_sluice_attempts`: how a run of one resource of a load went. */
interface LoadRow {
  load_id: string;
  source: string;
  resource: string;
  status: string;
  records: number | string;
  pages: number | string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}

/** Adds the columns of a load row to a table being created; the caller names the primary key. */
export function addLoadColumns(t: Knex.CreateTableBuilder): void {
  t.text('load_id').notNullable();
  t.text('source').notNullable();
  t.text('resource').notNullable();
  t.text('status').notNullable();
  t.bigInteger('records').notNullable();
  t.bigInteger('pages').notNullable();
  t.text('started_at').notNullable();
  t.text('finished_at');
  t.text('error');
}

/** The row that stores `load`. */
export function toLoadRow(load: LoadRecord): LoadRow {
  return {
    load_id: load.loadId,
    source: load.source,
    resource: load.resource,
    status: load.status,
    records: load.records,
    pages: load.pages,
    started_at: load.startedAt,
    finished_at: load.finishedAt ?? null,
    error: load.error ?? null,
  };
}

/** Lists the load rows of `table`, newest first. */
export async function selectLoadRows(db: Db, table: string, limit: number): Promise<LoadRecord[]> {
  const rows: LoadRow[] = await db(table)
    .select('*')
    .orderBy([{ column: 'started_at', order: 'desc' }, { column: 'load_id', order: 'desc' }, { column: 'resource' }])
    .limit(limit);
  return rows.map((row) => ({
    loadId: row.load_id,
    source: row.source,
    resource: row.resource,
    status: row.status as LoadRecord['status'],
    records: Number(row.records),
    pages: Number(row.pages),
    startedAt: row.started_at,
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
  }));
}
