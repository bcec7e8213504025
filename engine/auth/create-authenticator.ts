import { ConfigError } from '../errors';
import type { HttpClient } from '../http/http-client';
import type { AuthSpec } from '../source-spec';
import { NO_AUTH, type Authenticator, type SecretValue } from './authenticator';
import { createOAuth2Auth } from './oauth2-auth';
import { createApiKeyAuth, createBearerAuth, createHttpBasicAuth } from './static-auth';

type AuthFactory = (spec: AuthSpec, secret: SecretValue, http: HttpClient, baseUrl: string) => Authenticator;

/** Every auth `type`, by its dlt name. */
export const AUTHENTICATORS: Record<string, AuthFactory> = {
  bearer: createBearerAuth,
  api_key: createApiKeyAuth,
  http_basic: createHttpBasicAuth,
  oauth2_client_credentials: createOAuth2Auth,
  oauth2: createOAuth2Auth,
};

/**
 * Builds the authenticator for a spec. Credentials are only ever added to requests for the base URL's host, so a
 * next-page link or absolute path on another host never receives them.
 */
export function createAuthenticator(
  spec: AuthSpec | null | undefined,
  secret: SecretValue,
  http: HttpClient,
  baseUrl: string,
): Authenticator {
  if (!spec) return NO_AUTH;
  const factory = AUTHENTICATORS[spec.type];
  if (!factory) throw new ConfigError(`client.auth.type must be one of ${Object.keys(AUTHENTICATORS).join(', ')}`);
  const inner = factory(spec, secret, http, baseUrl);
  const host = new URL(baseUrl).host;
  return {
    authorize: (request) => (new URL(request.url).host === host ? inner.authorize(request) : Promise.resolve(request)),
    refresh: () => inner.refresh(),
  };
}
