import type { RequestSpec } from '../http/request-spec';

/** Adds credentials to requests. */
export interface Authenticator {
  /** Returns the request with credentials added. */
  authorize(request: RequestSpec): Promise<RequestSpec>;
  /** Called after a 401: refreshes credentials if it can. Returns whether a retry may succeed. */
  refresh(): Promise<boolean>;
}

/** Resolves a secret reference or passes a plain string through. */
export type SecretValue = (value: unknown, field: string) => string;

/** An authenticator that adds nothing. */
export const NO_AUTH: Authenticator = {
  authorize: async (request) => request,
  refresh: async () => false,
};
