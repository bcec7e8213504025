type Row = Record<string, unknown>;

/** A resource's ground truth: records keyed by primary key. */
export type TruthTable = Map<string | number, Row>;

/** Keys records by a field; a later record with the same key replaces an earlier one, as a merge load does. */
export function keyBy(records: Row[], key = 'id'): TruthTable {
  const table: TruthTable = new Map();
  for (const record of records) table.set(record[key] as string | number, record);
  return table;
}
