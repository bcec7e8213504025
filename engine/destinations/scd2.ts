import type { Knex } from 'knex';
import { DestinationError } from '../errors';
import type { CellValue } from './data-type';
import type { TableSpec } from './destination';
import { normalizeColumnName } from './naming';
import { LOAD_ID, ROOT_ID } from './normalize-page';

export { isScd2 } from './normalize-page';
import type { RoutedRow } from './route-rows';
import type { SqlDialect } from './sql-dialect';
import { LOADS_TABLE } from './system-tables';

/** The validity columns of an scd2 table, normalised. */
export interface ValidityColumns {
  from: string;
  to: string;
}

/** scd2 options sluice reads from `write_disposition`; any other is refused rather than ignored. */
const SUPPORTED_OPTIONS = new Set(['validity_column_names']);

/** The validity columns, `_dlt_valid_from` and `_dlt_valid_to` as dlt names them unless the config renames them. */
export function validityColumns(spec: TableSpec): ValidityColumns {
  const options = spec.mergeOptions ?? {};
  for (const option of Object.keys(options)) {
    if (!SUPPORTED_OPTIONS.has(option))
      throw new DestinationError(`resource '${spec.resource}': scd2's ${option} is not supported by sluice`);
  }
  if (spec.mergeKey.length > 0) {
    throw new DestinationError(
      `resource '${spec.resource}': scd2 with a merge_key (retiring only the keys a load saw) is not supported by sluice`,
    );
  }
  const names = options.validity_column_names;
  if (names === undefined) return { from: '_dlt_valid_from', to: '_dlt_valid_to' };
  if (!Array.isArray(names) || names.length !== 2 || !names.every((name) => typeof name === 'string')) {
    throw new DestinationError(`resource '${spec.resource}': scd2's validity_column_names must be two column names`);
  }
  return { from: normalizeColumnName(names[0] as string), to: normalizeColumnName(names[1] as string) };
}

const boundaries = new Map<string, string>();

/**
 * The instant a load's new versions start and its retired ones end: the load's start as `_sluice_loads` records it,
 * so every page and a retried one agree, as dlt uses one timestamp per load package.
 */
export async function loadBoundary(db: Knex | Knex.Transaction, loadId: string): Promise<string> {
  let boundary = boundaries.get(loadId);
  if (boundary === undefined) {
    const row: { started?: string | null } | undefined = await db(LOADS_TABLE)
      .min({ started: 'started_at' })
      .where('load_id', loadId)
      .first();
    // A load always begins in `_sluice_loads`; a destination written directly gets the first write's time.
    boundary = row?.started ?? new Date().toISOString();
    if (boundaries.size > 1000) boundaries.clear();
    boundaries.set(loadId, boundary);
  }
  return boundary;
}

/**
 * Of a page's new versions, those already active in the table: they are not inserted again, but marked as seen by
 * this load (their `_sluice_load_id`), so that completing the load retires only the versions it did not see.
 */
export async function markActiveVersions(
  dialect: SqlDialect,
  trx: Knex.Transaction,
  table: string,
  validity: ValidityColumns,
  rows: RoutedRow[],
  loadId: string,
): Promise<Set<CellValue>> {
  const ids = [...new Set(rows.map((row) => row.get(ROOT_ID) ?? null))];
  const source = () =>
    dialect.tupleSource(
      trx,
      [{ name: ROOT_ID, type: 'text' }],
      ids.map((id) => [id]),
    );
  const active = () =>
    trx(table)
      .whereNull(validity.to)
      .whereIn(ROOT_ID, source() as unknown as Knex.QueryBuilder);
  const found: Array<Record<string, CellValue>> = await active().select(ROOT_ID);
  if (found.length > 0)
    await active()
      .whereNot(LOAD_ID, loadId)
      .update({ [LOAD_ID]: loadId });
  return new Set(found.map((row) => row[ROOT_ID] ?? null));
}

/** Closes the active versions a completed load did not see, at the load's boundary, as dlt's scd2 retires them. */
export async function retireUnseenVersions(
  trx: Knex.Transaction,
  table: string,
  validity: ValidityColumns,
  loadId: string,
): Promise<void> {
  // A load that saw no record at all leaves the table alone, as dlt loads nothing for a resource that yields nothing.
  const seen = await trx(table).where(LOAD_ID, loadId).first(ROOT_ID);
  if (!seen) return;
  const boundary = await loadBoundary(trx, loadId);
  await trx(table)
    .whereNull(validity.to)
    .whereNot(LOAD_ID, loadId)
    .update({ [validity.to]: boundary });
}
