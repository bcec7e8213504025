import type { LoadRecord } from './destination';
import { addLoadColumns, selectLoadRows, toLoadRow } from './load-rows';
import type { Db } from './sql-dialect';

/**
 * Every run's ending of each resource: `_sluice_loads` keeps one row per load and resource, which a run resuming the
 * load overwrites, so a failed or cancelled attempt would vanish once a later run completed the load.
 */
export const ATTEMPTS_TABLE = '_sluice_attempts';

/** Creates `_sluice_attempts` if it does not exist. */
export async function createAttemptsTable(db: Db): Promise<void> {
  if (await db.schema.hasTable(ATTEMPTS_TABLE)) return;
  await db.schema.createTable(ATTEMPTS_TABLE, (t) => {
    addLoadColumns(t);
    // A run's attempt is its start; a retried recording of the same ending overwrites itself.
    t.primary(['load_id', 'resource', 'started_at']);
  });
}

/** Records how one run's attempt at a resource ended; a load that is still running has no attempt row yet. */
export async function upsertAttempt(db: Db, load: LoadRecord): Promise<void> {
  if (!load.finishedAt) return;
  await db(ATTEMPTS_TABLE).insert(toLoadRow(load)).onConflict(['load_id', 'resource', 'started_at']).merge();
}

/** Lists `_sluice_attempts`, newest first. */
export function selectAttempts(db: Db, limit: number): Promise<LoadRecord[]> {
  return selectLoadRows(db, ATTEMPTS_TABLE, limit);
}
