import { HttpError } from '../errors';
import { isPlainObject } from '../json';

/** dlt's `response_actions` entry: what to do with a response of a given status and/or content. */
export interface ResponseAction {
  status_code?: number;
  content?: string;
  action: 'ignore' | 'retry';
}

/** Reads `endpoint.response_actions`, keeping the entries dlt understands. */
export function parseResponseActions(value: unknown): ResponseAction[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is ResponseAction => isPlainObject(entry) && (entry.action === 'ignore' || entry.action === 'retry'),
  );
}

/**
 * Decides what an HTTP failure means under the endpoint's response actions: 'ignore' (the partition has no data,
 * as dlt does for a 404 it was told to ignore), a retryable error, or the error unchanged.
 */
export function applyResponseActions(error: HttpError, actions: ResponseAction[]): 'ignore' | HttpError {
  const match = actions.find(
    (action) =>
      (action.status_code === undefined || action.status_code === error.status) &&
      (action.content === undefined || error.message.includes(action.content)),
  );
  if (!match) return error;
  if (match.action === 'ignore') return 'ignore';
  return new HttpError(error.message, error.status, true, error.retryAfterMs);
}
