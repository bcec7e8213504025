import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from './json';
import { selectFirst } from './json-path';

/** JSON with object keys sorted, so equal records give equal text whatever their key order. */
function canonical(value: JsonValue | undefined): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as JsonObject)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/**
 * The identity dlt deduplicates boundary records by: the primary key's values, or without a primary key the whole
 * record's content. Hashed, because the state keeps one per record at the boundary value.
 */
export function boundaryHash(record: JsonObject, primaryKey: string[] | undefined): string {
  const identity = primaryKey?.length ? primaryKey.map((key) => selectFirst(record, key) ?? null) : record;
  return createHash('sha256').update(canonical(identity)).digest('base64url').slice(0, 22);
}
