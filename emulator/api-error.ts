/** An error answer of the emulated APIs: its status, and the `error` code and message of its JSON body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The JSON body of the answer. */
  toJSON(): { error: string; message: string } {
    return { error: this.code, message: this.message };
  }
}

/** A 404 for a path or an id that does not exist. */
export function notFound(message: string): ApiError {
  return new ApiError(404, 'not_found', message);
}

/** A 400 for a query parameter the API cannot use. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'invalid_request', message);
}
