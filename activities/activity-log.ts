import { Context } from '@temporalio/activity';
import type { LogMetadata } from '@temporalio/common';
import { HttpError } from '../engine/errors';
import { redact, redactUrl } from '../engine/http/redact';

type Level = 'debug' | 'info' | 'warn';

/**
 * Logs through the running activity's logger, which adds the workflow, activity, source and resource; outside an
 * activity (a direct call in a test) it logs nothing. `page` is redacted here, so callers pass the raw URL.
 */
export function activityLog(level: Level, message: string, fields: LogMetadata & { page?: string } = {}): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return;
  }
  const meta = fields.page === undefined ? fields : { ...fields, page: redactUrl(fields.page) };
  context.log[level](redact(message), meta);
}

/**
 * Logs a failed page request: a throttle (429 with its Retry-After) or another retryable failure at INFO, as the
 * activity retries it; a permanent one at WARN, as it fails the resource.
 */
export function logPageFailure(error: unknown, page: string): void {
  if (!(error instanceof HttpError)) {
    activityLog('warn', 'page failed', { page, error });
    return;
  }
  const fields = { page, status: error.status, retryAfterMs: error.retryAfterMs, error: error.message };
  if (error.status === 429) activityLog('info', 'throttled by the API (429); retrying after its Retry-After', fields);
  else if (error.retryable) activityLog('info', 'page request failed; retrying', fields);
  else activityLog('warn', 'page request failed', fields);
}
