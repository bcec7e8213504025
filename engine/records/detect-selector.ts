import { isPlainObject, type JsonValue } from '../json';

/** Keys dlt prefers for a response's records, in no particular order. */
const RECORD_KEYS = new Set([
  'data',
  'items',
  'results',
  'entries',
  'records',
  'rows',
  'entities',
  'payload',
  'content',
  'objects',
  'values',
]);
/** Keys that hold metadata, never records. */
const NON_RECORD_KEYS = new Set(['meta', 'metadata', 'pagination', 'links', 'extras', 'headers']);

/** Every list in an object down to three keys deep, depth first in key order, as dlt's detector walks them. */
function listsIn(object: Record<string, JsonValue>, path: string[] = [], out: string[][] = []): string[][] {
  if (path.length > 2) return out;
  for (const [key, value] of Object.entries(object)) {
    if (Array.isArray(value)) out.push([...path, key]);
    else if (isPlainObject(value)) listsIn(value as Record<string, JsonValue>, [...path, key], out);
  }
  return out;
}

/**
 * The records' path dlt picks for a response with no data selector: the first list (depth first, up to three keys
 * deep) under a key such as `data`, `results` or `items`; else the first list; else the whole response (undefined).
 */
export function detectDataSelectorPath(body: JsonValue): string[] | undefined {
  if (!isPlainObject(body)) return undefined;
  const lists = listsIn(body as Record<string, JsonValue>);
  return (
    lists.find((path) => RECORD_KEYS.has(path.at(-1)!) && !NON_RECORD_KEYS.has(path.at(-1)!)) ?? lists[0] ?? undefined
  );
}
