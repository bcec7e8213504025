import { PaginationError } from '../engine/errors';
import { redactUrl, redactValue } from '../engine/http/redact';
import type { PaginatorState } from '../engine/paginators';

/**
 * Longest paginator state (a next URL, a cursor) accepted, in characters. It travels in heartbeats, activity results
 * and history, whose messages Temporal caps at 4 MB; real next links are a few hundred characters.
 */
export const MAX_CURSOR_LENGTH = 65_536;

/**
 * The paginator's state for the page after the one fetched at `state` from `url`, fit to leave the activity: redacted,
 * since it travels through heartbeats, history and checkpoints, and a next link carrying a key must not. Fails on a
 * state too long to travel, or one that would request the same page again.
 */
export function checkedNextState(
  resourceName: string,
  following: PaginatorState | null,
  state: PaginatorState,
  url: string,
): PaginatorState | null {
  const size = following === null ? 0 : JSON.stringify(following).length;
  if (size > MAX_CURSOR_LENGTH) {
    throw new PaginationError(
      `resource '${resourceName}': the next page's cursor from ${redactUrl(url)} is ${size} characters long, over the limit of ${MAX_CURSOR_LENGTH}`,
    );
  }
  const next = redactValue(following);
  if (next !== null && JSON.stringify(next) === JSON.stringify(state)) {
    throw new PaginationError(
      `resource '${resourceName}': the paginator would repeat the request ${redactUrl(url)}; stopping to avoid a loop`,
    );
  }
  return next;
}
