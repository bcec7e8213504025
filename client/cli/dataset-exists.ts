import { existsSync } from 'node:fs';
import { normalizeIdentifier } from '../../engine/destinations/naming';
import { parseDestinationUrl } from '../../engine/destinations/destination-url';
import { LOADS_TABLE } from '../../engine/destinations/system-tables';

/**
 * Whether a dataset has sluice's loads table, looked up without creating anything: opening a destination would create
 * the SQLite file or the PostgreSQL schema of a misspelt dataset.
 */
export async function datasetHasLoads(url: string, dataset: string): Promise<boolean> {
  const parsed = parseDestinationUrl(url);
  if (parsed.kind === 'sqlite') {
    if (!existsSync(parsed.path)) return false;
    const { default: Database } = await import('better-sqlite3');
    // Read-only: a file that is not a sluice dataset must not gain sluice's tables by being listed.
    const db = new Database(parsed.path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(LOADS_TABLE) !== undefined;
    } catch {
      return false; // not an SQLite database at all
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: parsed.url });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [
      normalizeIdentifier(dataset),
      LOADS_TABLE,
    ]);
    return found.rows.length > 0;
  } finally {
    await client.end();
  }
}
