/** A list of `size` records, each generated on demand from its index, so a million records cost no memory. */
export interface Collection {
  readonly size: number;
  /** Record `index` (0-based); the same index always gives an equal record. */
  record(index: number): Record<string, unknown>;
}

/** A lazily generated collection. */
export function lazyCollection(size: number, record: (index: number) => Record<string, unknown>): Collection {
  return { size, record };
}

/** A collection over records already in memory (small per-item lists such as comments). */
export function arrayCollection(records: Array<Record<string, unknown>>): Collection {
  return { size: records.length, record: (index) => records[index]! };
}

/** Records [start, start + count) of a collection, clipped to its end. */
export function sliceCollection(collection: Collection, start: number, count: number): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const end = Math.min(collection.size, start + count);
  for (let i = start; i < end; i++) out.push(collection.record(i));
  return out;
}

/** Every record of a collection, in order. */
export function allRecords(collection: Collection): Array<Record<string, unknown>> {
  return sliceCollection(collection, 0, collection.size);
}
