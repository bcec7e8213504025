import { ApplicationFailure } from '@temporalio/common';
import { HttpError, SluiceError } from '../engine/errors';

/**
 * Maps an error to the failure Temporal sees. sluice's own errors keep their class name as the failure type, so retry
 * policies can name the permanent ones; an HTTP `Retry-After` becomes the next retry delay.
 */
export function toApplicationFailure(error: unknown): unknown {
  if (error instanceof HttpError) {
    return ApplicationFailure.create({
      type: error.retryable ? 'HttpRetryableError' : 'HttpClientError',
      message: error.message,
      nonRetryable: !error.retryable,
      nextRetryDelay: error.retryAfterMs,
      details: [{ status: error.status ?? null }],
    });
  }
  if (error instanceof SluiceError) {
    return ApplicationFailure.create({ type: error.name, message: error.message, nonRetryable: !error.retryable });
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
