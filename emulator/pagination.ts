import { badRequest } from './api-error';
import { sliceCollection, type Collection } from './collection';

/** Page size when a request gives no `limit`. */
export const DEFAULT_LIMIT = 100;
/** Larger limits are lowered to this, as Box does. */
export const MAX_LIMIT = 1000;

type Query = URLSearchParams;

/** A non-negative integer query parameter, or `fallback` when it is absent. */
function integerParam(query: Query, name: string, fallback: number, min: number): number {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw badRequest(`${name} must be an integer of at least ${min}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** The page size: `limit`, default {@link DEFAULT_LIMIT}, at most {@link MAX_LIMIT}. */
export function readLimit(query: Query): number {
  return Math.min(integerParam(query, 'limit', DEFAULT_LIMIT, 1), MAX_LIMIT);
}

/** The `offset` and `limit` of an offset-paginated request. */
export function readOffsetWindow(query: Query): { offset: number; limit: number } {
  return { offset: integerParam(query, 'offset', 0, 0), limit: readLimit(query) };
}

/** `{ entries, total_count, offset, limit }`, Box's offset page. */
export function offsetPage(collection: Collection, query: Query) {
  const { offset, limit } = readOffsetWindow(query);
  return { entries: sliceCollection(collection, offset, limit), total_count: collection.size, offset, limit };
}

/** An opaque marker for a position; base64url so that clients treat it as a token, not a number. */
export function encodeMarker(position: number): string {
  return Buffer.from(`position:${position}`).toString('base64url');
}

/** The position a marker stands for; a marker this API did not issue is a 400. */
export function decodeMarker(marker: string): number {
  const match = /^position:(\d{1,15})$/.exec(Buffer.from(marker, 'base64url').toString());
  if (!match) throw badRequest(`marker ${JSON.stringify(marker)} is not one this API issued`);
  return Number(match[1]);
}

/** `{ entries, limit, next_marker }`; the last page's next_marker is null. */
export function markerPage(collection: Collection, query: Query) {
  const marker = query.get('marker');
  const start = marker ? decodeMarker(marker) : 0;
  const limit = readLimit(query);
  const end = start + limit;
  return {
    entries: sliceCollection(collection, start, limit),
    limit,
    next_marker: end < collection.size ? encodeMarker(end) : null,
  };
}

/**
 * `{ chunk_size, next_stream_position, entries }`, Box's event stream: positions start at 0 (or at the end for
 * `now`), and reading past the end answers an empty chunk with the position unchanged.
 */
export function streamPage(collection: Collection, query: Query) {
  const position =
    query.get('stream_position') === 'now' ? collection.size : integerParam(query, 'stream_position', 0, 0);
  const entries = sliceCollection(collection, position, readLimit(query));
  return { chunk_size: entries.length, next_stream_position: position + entries.length, entries };
}

/** `{ entries, page, limit }` for `page` from 1, with no total: past the end the entries are empty. */
export function numberedPage(collection: Collection, query: Query) {
  const page = integerParam(query, 'page', 1, 1);
  const limit = readLimit(query);
  return { entries: sliceCollection(collection, (page - 1) * limit, limit), page, limit };
}
