import { DestinationError } from './errors';
import type { RequestSpec } from './http/request-spec';
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
}

/** Where an incremental resource (partition) stands: the value this load started from, and the latest seen. */
export interface IncrementalState {
  start: JsonValue;
  last: JsonValue;
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

/**
 * The state a new load starts from: the last value the previous completed load reached (minus `lag`), or the
 * configured `initial_value`.
 */
export function startIncremental(config: IncrementalConfig, previousLast: JsonValue | undefined): IncrementalState {
  const func = config.last_value_func ?? 'max';
  const start =
    previousLast !== undefined && previousLast !== null
      ? withLag(previousLast, config.lag, func)
      : (config.initial_value ?? null);
  return { start, last: start };
}

function fill(text: string, config: IncrementalConfig, state: IncrementalState): string {
  return text
    .split('{incremental.start_value}')
    .join(state.start === null ? '' : String(state.start))
    .split('{incremental.end_value}')
    .join(config.end_value === undefined || config.end_value === null ? '' : String(config.end_value));
}

function fillDeep(
  value: JsonValue | undefined,
  config: IncrementalConfig,
  state: IncrementalState,
): JsonValue | undefined {
  if (typeof value === 'string') return fill(value, config, state);
  if (Array.isArray(value)) return value.map((item) => fillDeep(item, config, state)!);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, config, state)!]));
  return value;
}

/** Sends the incremental window: `start_param`/`end_param`, and `{incremental.start_value}` placeholders. */
export function applyIncremental(
  request: RequestSpec,
  config: IncrementalConfig,
  state: IncrementalState,
): RequestSpec {
  const params = Object.fromEntries(
    Object.entries(request.params).map(([k, v]) => [k, typeof v === 'string' ? fill(v, config, state) : v]),
  );
  if (config.start_param && state.start !== null) params[config.start_param] = state.start as string | number;
  if (config.end_param && config.end_value !== undefined && config.end_value !== null)
    params[config.end_param] = config.end_value as string | number;
  return {
    ...request,
    url: fill(decodeURI(request.url), config, state),
    params,
    json: fillDeep(request.json, config, state),
  };
}

/**
 * Keeps the records inside the incremental window and advances the last value, as dlt does: records before the start
 * (or at or past `end_value`) are dropped; a record without a cursor value follows `on_cursor_value_missing`.
 */
export function trackIncremental(
  records: JsonObject[],
  config: IncrementalConfig,
  state: IncrementalState,
  resource: string,
): { records: JsonObject[]; state: IncrementalState } {
  const func = config.last_value_func ?? 'max';
  const direction = func === 'max' ? 1 : -1;
  let last = state.last;
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
    if (state.start !== null && direction * compare(value, state.start) < 0) return false;
    if (
      config.end_value !== undefined &&
      config.end_value !== null &&
      direction * compare(value, config.end_value) >= 0
    )
      return false;
    if (last === null || direction * compare(value, last) > 0) last = value;
    return true;
  });
  return { records: kept, state: { start: state.start, last } };
}
