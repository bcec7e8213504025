/**
 * sluice's error hierarchy. Every error a user can cause has its own class, so that activities can map it to a
 * Temporal `ApplicationFailure` whose `type` is the class name and retry policies can list the permanent ones.
 */

/** Base class of every error sluice raises on purpose. */
export class SluiceError extends Error {
  override name = 'SluiceError';
  /** Whether retrying the same operation could succeed. */
  readonly retryable: boolean = false;
}

/** The source config is invalid: a bad key, a bad value or an impossible combination. */
export class ConfigError extends SluiceError {
  override name = 'ConfigError';
}

/** An expression (Jinja template) could not be parsed or evaluated. */
export class ExpressionError extends SluiceError {
  override name = 'ExpressionError';
}

/** A secret referenced by the config is not defined in the environment or the secrets file. */
export class MissingSecretError extends SluiceError {
  override name = 'MissingSecretError';
}

/** A request failed, or the API answered with an error or an unusable body; `retryable` says whether to try again. */
export class HttpError extends SluiceError {
  override name = 'HttpError';
  constructor(
    message: string,
    readonly status: number | undefined,
    override readonly retryable: boolean,
    /** Milliseconds the server asked us to wait before retrying (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Authentication failed: bad credentials, or a token endpoint that refused us. */
export class AuthError extends SluiceError {
  override name = 'AuthError';
}

/** A paginator could not continue: a loop, a missing cursor, an impossible state. */
export class PaginationError extends SluiceError {
  override name = 'PaginationError';
}

/** The destination refused a write, or data cannot be stored as given (a record without its primary key). */
export class DestinationError extends SluiceError {
  override name = 'DestinationError';
}
