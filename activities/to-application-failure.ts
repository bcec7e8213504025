import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { HttpError, SluiceError } from '../engine/errors';
import { redact } from '../engine/http/redact';

/**
 * Maps an error to the failure Temporal sees. sluice's own errors keep their class name as the failure type, and
 * their `retryable` flag decides whether Temporal may retry; an HTTP `Retry-After` becomes the next retry delay. Every
 * message is redacted on the way: failures land in workflow history and in the worker's log.
 */
export function toApplicationFailure(error: unknown): unknown {
  if (error instanceof HttpError) {
    return ApplicationFailure.create({
      type: error.retryable ? 'HttpRetryableError' : 'HttpClientError',
      message: redact(error.message),
      nonRetryable: !error.retryable,
      nextRetryDelay: error.retryAfterMs,
      details: [{ status: error.status ?? null }],
    });
  }
  if (error instanceof SluiceError) {
    return ApplicationFailure.create({
      type: error.name,
      message: redact(error.message),
      nonRetryable: !error.retryable,
    });
  }
  // Anything else (a driver's error, a bug) stays retryable, as Temporal would treat it, but loses its secrets.
  if (error instanceof Error && !(error instanceof TemporalFailure) && error.name !== 'AbortError') {
    return ApplicationFailure.create({ type: error.name, message: redact(error.message), nonRetryable: false });
  }
  return error;
}

/** Runs an activity body and rethrows its errors as Temporal failures. */
export async function withFailureMapping<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toApplicationFailure(error);
  }
}
