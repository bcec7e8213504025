import { AuthError, ConfigError } from '../errors';
import { redactUrl } from '../http/redact';
import type { HttpClient } from '../http/http-client';
import type { AuthOptions } from '../config/client-schema';
import type { AuthSpec } from '../source-spec';
import { NO_AUTH, type Authenticator, type SecretValue } from './authenticator';
import { createOAuth2Auth } from './oauth2-auth';
import { createApiKeyAuth, createBearerAuth, createHttpBasicAuth } from './static-auth';

type AuthFactory<T> = (
  spec: T & { type: string },
  secret: SecretValue,
  http: HttpClient,
  baseUrl: string,
) => Authenticator;

/** Every auth `type`, by its dlt name, each taking the options the config schema validates for it. */
export const AUTHENTICATORS: { [K in keyof AuthOptions]: AuthFactory<AuthOptions[K]> } = {
  bearer: createBearerAuth,
  api_key: createApiKeyAuth,
  http_basic: createHttpBasicAuth,
  oauth2_client_credentials: createOAuth2Auth,
  oauth2: createOAuth2Auth,
};

/**
 * Builds the authenticator for a spec. Credentials are only ever added to requests for the base URL's origin (scheme,
 * host and port), so a next-page link or absolute path elsewhere never receives them; and from an https base URL, a
 * request over plain http is refused before anything is sent.
 */
export function createAuthenticator(
  spec: AuthSpec | null | undefined,
  secret: SecretValue,
  http: HttpClient,
  baseUrl: string,
): Authenticator {
  if (!spec) return NO_AUTH;
  const factory = Object.hasOwn(AUTHENTICATORS, spec.type)
    ? // A validated config holds the options its type's shape describes, so this factory can take it.
      (AUTHENTICATORS[spec.type as keyof AuthOptions] as AuthFactory<object>)
    : undefined;
  if (!factory) throw new ConfigError(`client.auth.type must be one of ${Object.keys(AUTHENTICATORS).join(', ')}`);
  const inner = factory(spec, secret, http, baseUrl);
  const base = new URL(baseUrl);
  return {
    authorize: async (request) => {
      const target = new URL(request.url);
      if (base.protocol === 'https:' && target.protocol !== 'https:') {
        throw new AuthError(
          `refusing ${request.method} ${redactUrl(request.url)}: the base URL ${base.origin} uses https, and this request would leave it for plain ${target.protocol.slice(0, -1)}`,
        );
      }
      return target.origin === base.origin ? inner.authorize(request) : request;
    },
    refresh: () => inner.refresh(),
  };
}
