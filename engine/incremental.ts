import { DestinationError } from './errors';
import { replacePlaceholders } from './config/placeholders';
import { renderValue } from './expressions';
import type { ParamValue, RequestSpec } from './http/request-spec';
import { boundaryHash } from './incremental-boundary';
import { selectFirst } from './json-path';
import type { JsonObject, JsonValue } from './json';

/** dlt's `endpoint.incremental`. */
export interface IncrementalConfig {
  cursor_path: string;
  initial_value?: JsonValue;
  end_value?: JsonValue;
  start_param?: string;
  end_param?: string;
  last_value_func?: 'max' | 'min';
  lag?: number;
  on_cursor_value_missing?: 'raise' | 'include' | 'exclude';
  row_order?: 'asc' | 'desc';
  /** Identity of boundary records; unset means the whole record, an empty list turns deduplication off. */
  primary_key?: string | string[];
  range_start?: 'open' | 'closed';
  range_end?: 'open' | 'closed';
  /** A template over `value` that turns a cursor value into what the API wants, e.g. `{{ value | int }}`. */
  convert?: string;
}

/** Where an incremental resource (partition) stands: the value this load started from, and the latest seen. */
export interface IncrementalState {
  start: JsonValue;
  last: JsonValue;
  /** Hashes of the records the previous load ended on, at `start`: those are not loaded again. */
  startHashes?: string[];
  /** Hashes of the records seen at `last`. */
  hashes?: string[];
}

function compare(a: JsonValue, b: JsonValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Moves a start value back by `lag`: units for numbers, seconds for ISO timestamps. */
function withLag(value: JsonValue, lag: number | undefined, func: 'max' | 'min'): JsonValue {
  if (!lag || value === null || value === undefined) return value;
  const sign = func === 'max' ? -1 : 1;
  if (typeof value === 'number') return value + sign * lag;
  const time = Date.parse(String(value));
  return Number.isNaN(time) ? value : new Date(time + sign * lag * 1000).toISOString();
}

/** dlt deduplicates the start boundary unless the range is open, an end is set, a lag applies or the key is empty. */
function deduplicates(config: IncrementalConfig): boolean {
  if (config.range_start === 'open' || isFixedWindow(config)) return false;
  if (config.lag) return false;
  return !(Array.isArray(config.primary_key) && config.primary_key.length === 0);
}

/** A window with an `end_value` is fixed: dlt keeps no cursor for it, and every load reads it whole again. */
function isFixedWindow(config: IncrementalConfig): boolean {
  return config.end_value !== undefined && config.end_value !== null;
}

/**
 * The state a new load starts from: the last value the previous completed load reached (minus `lag`), or the
 * configured `initial_value`. `previous` is that load's state, whose boundary records are not loaded again. A window
 * with an `end_value` always starts at `initial_value`, as in dlt.
 */
export function startIncremental(
  config: IncrementalConfig,
  previousLast: JsonValue | undefined,
  previous?: IncrementalState,
): IncrementalState {
  if (isFixedWindow(config)) return { start: config.initial_value ?? null, last: config.initial_value ?? null };
  const func = config.last_value_func ?? 'max';
  const start =
    previousLast !== undefined && previousLast !== null
      ? withLag(previousLast, config.lag, func)
      : (config.initial_value ?? null);
  const hashes =
    !previous || !deduplicates(config) ? [] : start === previous.last ? previous.hashes : previous.startHashes;
  return hashes?.length ? { start, last: start, startHashes: hashes, hashes } : { start, last: start };
}

/** A cursor value as sent: through `convert` when the config has one; null stays null. */
function sent(value: JsonValue | undefined, config: IncrementalConfig): JsonValue {
  if (value === undefined || value === null) return null;
  return config.convert ? (renderValue(config.convert, { value }) as JsonValue) : value;
}

/** The values `{incremental.<name>}` placeholders stand for while a load runs. */
function placeholderValues(config: IncrementalConfig, state: IncrementalState): Record<string, JsonValue> {
  return {
    'incremental.start_value': sent(state.start, config),
    'incremental.last_value': sent(state.start, config),
    'incremental.initial_value': sent(config.initial_value, config),
    'incremental.end_value': sent(config.end_value, config),
  };
}

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

function fill(text: string, values: Record<string, JsonValue>): string {
  return replacePlaceholders(text, values, asText);
}

/** Placeholders in a URL, written as is or as the URL encoded them; values are encoded. */
function fillUrl(url: string, values: Record<string, JsonValue>): string {
  let out = url;
  for (const [name, value] of Object.entries(values)) {
    const text = encodeURIComponent(asText(value));
    out = out.split(`{${name}}`).join(text).split(`%7B${name}%7D`).join(text);
  }
  return out;
}

function fillDeep(value: JsonValue | undefined, values: Record<string, JsonValue>): JsonValue | undefined {
  if (typeof value === 'string') return fill(value, values);
  if (Array.isArray(value)) return value.map((item) => fillDeep(item, values)!);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, values)!]));
  return value;
}

/** Sends the incremental window: `start_param`/`end_param` (through `convert`), and `{incremental.…}` placeholders. */
export function applyIncremental(
  request: RequestSpec,
  config: IncrementalConfig,
  state: IncrementalState,
): RequestSpec {
  const values = placeholderValues(config, state);
  const params = Object.fromEntries(
    Object.entries(request.params).map(([k, v]) => [k, typeof v === 'string' ? fill(v, values) : v]),
  );
  const start = sent(state.start, config);
  const end = sent(config.end_value, config);
  if (config.start_param && start !== null) params[config.start_param] = paramValue(start);
  if (config.end_param && end !== null) params[config.end_param] = paramValue(end);
  return { ...request, url: fillUrl(request.url, values), params, json: fillDeep(request.json, values) };
}

const paramValue = (value: JsonValue): ParamValue =>
  typeof value === 'object' ? JSON.stringify(value) : (value as ParamValue);

/**
 * Keeps the records inside the incremental window and advances the last value, as dlt does: records before the start
 * (or past `end_value`) are dropped; a record at the start that the previous load already loaded (same primary key,
 * or same content without one) is dropped; a record without a cursor value follows `on_cursor_value_missing`.
 */
export function trackIncremental(
  records: JsonObject[],
  config: IncrementalConfig,
  state: IncrementalState,
  resource: string,
): { records: JsonObject[]; state: IncrementalState } {
  const direction = (config.last_value_func ?? 'max') === 'max' ? 1 : -1;
  const key = config.primary_key === undefined ? undefined : [config.primary_key].flat();
  const dedup = deduplicates(config);
  const seen = new Set(state.startHashes ?? []);
  const end = config.end_value ?? null;
  let last = state.last;
  let hashes = [...(state.hashes ?? [])];
  const kept = records.filter((record, index) => {
    const value = selectFirst(record, config.cursor_path);
    if (value === undefined || value === null) {
      const policy = config.on_cursor_value_missing ?? 'raise';
      if (policy === 'raise')
        throw new DestinationError(
          `resource '${resource}': record ${index} has no incremental cursor '${config.cursor_path}'`,
        );
      return policy === 'include';
    }
    if (end !== null) {
      const past = direction * compare(value, end);
      if (past > 0 || (past === 0 && config.range_end !== 'closed')) return false;
    }
    if (state.start !== null) {
      const after = direction * compare(value, state.start);
      if (after < 0 || (after === 0 && config.range_start === 'open')) return false;
      if (after === 0 && dedup && seen.has(boundaryHash(record, key))) return false;
    }
    if (last === null || direction * compare(value, last) > 0) {
      last = value;
      hashes = dedup ? [boundaryHash(record, key)] : [];
    } else if (dedup && compare(value, last) === 0) hashes.push(boundaryHash(record, key));
    return true;
  });
  const next: IncrementalState = { start: state.start, last };
  if (state.startHashes?.length) next.startHashes = state.startHashes;
  if (hashes.length) next.hashes = [...new Set(hashes)];
  return { records: kept, state: next };
}
