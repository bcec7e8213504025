import type { LoadRecord } from './destination';
import type { Db } from './sql-dialect';

/**
 * Every run's ending of each resource: `_sluice_loads` keeps one row per load and resource, which a run resuming the
 * load overwrites, so a failed or cancelled attempt would vanish once a later run completed the load.
 */
export const ATTEMPTS_TABLE = '_sluice_attempts';

interface AttemptRow {
  load_id: string;
  source: string;
  resource: string;
  status: string;
  records: number | string;
  pages: number | string;
  started_at: string;
  finished_at: string;
  error: string | null;
}

/** Creates `_sluice_attempts` if it does not exist. */
export async function createAttemptsTable(db: Db): Promise<void> {
  if (await db.schema.hasTable(ATTEMPTS_TABLE)) return;
  await db.schema.createTable(ATTEMPTS_TABLE, (t) => {
    t.text('load_id').notNullable();
    t.text('source').notNullable();
    t.text('resource').notNullable();
    t.text('status').notNullable();
    t.bigInteger('records').notNullable();
    t.bigInteger('pages').notNullable();
    t.text('started_at').notNullable();
    t.text('finished_at').notNullable();
    t.text('error');
    // A run's attempt is its start; a retried recording of the same ending overwrites itself.
    t.primary(['load_id', 'resource', 'started_at']);
  });
}

/** Records how one run's attempt at a resource ended; a load that is still running has no attempt row yet. */
export async function upsertAttempt(db: Db, load: LoadRecord): Promise<void> {
  if (!load.finishedAt) return;
  await db(ATTEMPTS_TABLE)
    .insert({
      load_id: load.loadId,
      source: load.source,
      resource: load.resource,
      status: load.status,
      records: load.records,
      pages: load.pages,
      started_at: load.startedAt,
      finished_at: load.finishedAt,
      error: load.error ?? null,
    })
    .onConflict(['load_id', 'resource', 'started_at'])
    .merge();
}

/** Lists `_sluice_attempts`, newest first. */
export async function selectAttempts(db: Db, limit: number): Promise<LoadRecord[]> {
  const rows: AttemptRow[] = await db(ATTEMPTS_TABLE)
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
    finishedAt: row.finished_at,
    ...(row.error !== null ? { error: row.error } : {}),
  }));
}
