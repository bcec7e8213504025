import type { PageResponse, RequestSpec } from '../http/request-spec';
import type { JsonObject, JsonValue } from '../json';

/** A paginator's state: plain JSON, because it travels through workflow history and continue-as-new. */
export type PaginatorState = JsonObject;

/**
 * Walks an API's pages. Implementations are pure functions of their state: `apply` shapes the request for the current
 * state and `next` returns the state of the following page, or null when the last page has been read.
 */
export interface Paginator {
  /** The paginator's `type` as written in the config. */
  readonly type: string;
  initialState(): PaginatorState;
  apply(request: RequestSpec, state: PaginatorState): RequestSpec;
  next(page: PageResponse, state: PaginatorState): PaginatorState | null;
  /**
   * The state after `state` if its page turns out full, or null past a known end, for paginators whose next request
   * does not depend on the response (offset, page number). Lets pages be fetched ahead; each prediction is checked
   * against `next`.
   */
  predict?(state: PaginatorState): PaginatorState | null;
}

/** A paginator config as written under `endpoint.paginator`. */
export type PaginatorConfig = { type: string } & { [key: string]: JsonValue | undefined };

/** Coerces a total/count read from a response to a number; anything unusable is undefined (dlt #4429, #1401). */
export function toCount(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/** Interprets a `has_more`-style flag. */
export function toFlag(value: JsonValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  if (typeof value === 'number') return value !== 0;
  return undefined;
}
