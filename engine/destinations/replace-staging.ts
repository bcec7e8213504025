import type { Knex } from 'knex';
import { shortenIdentifier } from './naming';
import type { TableFamilies } from './table-family';
import type { TableSchemas } from './table-schemas';

const STAGING_SUFFIX = '__sluice_staging';

/** The staging table that collects a `replace` load of `table` until the resource completes. */
export function stagingTableName(table: string): string {
  const name = table + STAGING_SUFFIX;
  return shortenIdentifier(name, name);
}

/** What staging needs from its destination. */
export interface StagingDeps {
  schemas: TableSchemas;
  families: TableFamilies;
}

/** Drops a previous load's staging tables, so that a load's first page starts from empty ones. */
export async function resetStaging(deps: StagingDeps, trx: Knex.Transaction, root: string): Promise<void> {
  const staged = (await deps.families.staged(trx, root)).map((m) => m.table);
  const tables = [...new Set([stagingTableName(root), ...staged])];
  for (const table of tables) await trx.schema.dropTableIfExists(table);
  await deps.families.remove(trx, root, staged);
  deps.schemas.forget(trx, tables);
}

/**
 * Swaps staged tables in, in the caller's transaction: each live table is dropped and its staging table renamed to
 * it; child tables this load did not produce are emptied. Readers see either the old tables or the new ones. Returns
 * false when there is nothing staged (a swap already done, when a completion is retried).
 */
export async function swapStaging(deps: StagingDeps, trx: Knex.Transaction, root: string): Promise<boolean> {
  const staged = await deps.families.staged(trx, root);
  const rootStaging = stagingTableName(root);
  if (!staged.some((m) => m.table === rootStaging) || !(await deps.schemas.describe(trx, rootStaging))) return false;
  const liveChildren = await deps.families.children(trx, root);
  for (const { table, live } of staged) {
    await trx.schema.dropTableIfExists(live);
    await trx.schema.renameTable(table, live);
  }
  await deps.families.remove(
    trx,
    root,
    staged.map((m) => m.table),
  );
  for (const { live } of staged) if (live !== root) await deps.families.add(trx, root, { table: live, live });
  const replaced = new Set(staged.map((m) => m.live));
  for (const child of liveChildren) {
    if (!replaced.has(child) && (await deps.schemas.describe(trx, child))) await trx(child).del();
  }
  deps.schemas.forget(trx, [...staged.flatMap((m) => [m.table, m.live]), ...liveChildren]);
  return true;
}
