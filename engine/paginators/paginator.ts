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
  /**
   * Whether the API has told where the pages end (a total), so that a prediction from `state` names a page that
   * exists. Without it a prediction is a guess, which may ask for pages past the end.
   */
  knowsEnd?(state: PaginatorState): boolean;
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

/**
 * States of up to `count` pages after the one at `state`, each assuming the page before it is full; none when the
 * paginator cannot predict. Without a known end a prediction is a guess that may ask for a page past the end, so at
 * most `guesses` are made.
 */
export function predictStates(
  paginator: Paginator,
  state: PaginatorState,
  count: number,
  guesses: number,
): PaginatorState[] {
  const most = paginator.knowsEnd?.(state) ? count : Math.min(count, guesses);
  const states: PaginatorState[] = [];
  for (let at = paginator.predict?.(state) ?? null; at !== null && states.length < most; at = paginator.predict!(at))
    states.push(at);
  return states;
}
