/** An answer the emulator sends as JSON. */
export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The 401 of a data request without a valid, unexpired, not used-up token. */
export const INVALID_TOKEN: JsonReply = {
  status: 401,
  body: { error: 'invalid_token' },
  headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
};
