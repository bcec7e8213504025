import { AuthError, HttpError } from '../errors';
import type { HttpClient } from '../http/http-client';
import type { AuthOptions } from '../config/client-schema';
import { rememberSecret } from '../http/redact';
import type { Authenticator, SecretValue } from './authenticator';

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/** Tokens shared by every activity of this worker process, keyed by token URL, client and grant. */
const tokenCache = new Map<string, Promise<CachedToken>>();
/** Longest access token accepted: it is sent as a header on every request, where servers allow 8 to 16 KB in all. */
export const MAX_TOKEN_LENGTH = 65_536;
/** Refresh a token this long before it expires. */
const EXPIRY_MARGIN_MS = 30_000;

/** Forgets every cached token (for tests). */
export function clearTokenCache(): void {
  tokenCache.clear();
}

/**
 * OAuth2 `client_credentials`, or the `refresh_token` grant when a refresh token is configured (the seeds' `oauth2`
 * form picks the grant from the fields present). The client id and secret go in the form body, or in Basic auth when
 * `client_auth: basic`. Tokens are cached per process and refreshed before expiry and after a 401.
 */
export function createOAuth2Auth(
  // `oauth2` options are a superset of `oauth2_client_credentials` ones, so both forms fit this type.
  spec: AuthOptions['oauth2'] & { type: string },
  secret: SecretValue,
  http: HttpClient,
  baseUrl: string,
): Authenticator {
  const tokenUrl = spec.token_url ?? spec.access_token_url;
  if (!tokenUrl) throw new AuthError(`client.auth: ${spec.type} needs token_url`);
  const clientId = secret(spec.client_id, 'auth.client_id');
  const clientSecret = spec.client_secret === undefined ? undefined : secret(spec.client_secret, 'auth.client_secret');
  const refreshToken = spec.refresh_token === undefined ? undefined : secret(spec.refresh_token, 'auth.refresh_token');
  const grant = refreshToken ? 'refresh_token' : 'client_credentials';
  const url = new URL(tokenUrl, baseUrl).toString();
  const cacheKey = `${url}\n${clientId}\n${grant}`;
  const defaultExpiry = spec.default_token_expiration ?? 3600;

  /** Seconds a token lives: `expires_in` when positive, the configured default when absent, forever when not positive. */
  function lifetime(expiresIn: unknown): number {
    if (typeof expiresIn !== 'number' || Number.isNaN(expiresIn)) return defaultExpiry;
    // A zero or negative lifetime says nothing usable: keep the token until the API refuses it with a 401.
    return expiresIn > 0 ? expiresIn : Infinity;
  }

  async function requestToken(): Promise<CachedToken> {
    const form: Record<string, string> = { grant_type: grant };
    if (refreshToken) form.refresh_token = refreshToken;
    if (typeof spec.scopes === 'string') form.scope = spec.scopes;
    else if (Array.isArray(spec.scopes)) form.scope = spec.scopes.join(' ');
    const headers: Record<string, string> = {};
    if (spec.client_auth === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret ?? ''}`).toString('base64')}`;
    } else {
      form.client_id = clientId;
      if (clientSecret !== undefined) form.client_secret = clientSecret;
    }
    for (const [key, value] of Object.entries((spec.access_token_request_data as Record<string, unknown>) ?? {}))
      form[key] = String(value);
    if (clientSecret !== undefined && spec.client_auth === 'basic') rememberSecret(headers.authorization!.slice(6));
    let response;
    try {
      response = await http.send({ method: 'POST', url, params: {}, headers, data: form });
    } catch (error) {
      // A token endpoint's body may echo the posted form or hold a token in a form we cannot read: never quote it.
      if (!(error instanceof HttpError)) throw error;
      const answered = error.status === undefined ? `failed: ${error.message}` : `answered ${error.status}`;
      if (error.retryable && (error.status === undefined || error.status >= 500 || error.status === 429))
        throw new HttpError(`token request to ${url} ${answered}`, error.status, true, error.retryAfterMs);
      const reason =
        error.status !== undefined && error.status < 300 ? ' with a body that is not a JSON token response' : '';
      throw new AuthError(`token request to ${url} ${answered}${reason}: check token_url, client_id and client_secret`);
    }
    const body = response.body as Record<string, unknown> | null;
    if (response.status === 401 || typeof body?.access_token !== 'string') {
      throw new AuthError(
        `token request to ${url} failed with status ${response.status}: check client_id and client_secret`,
      );
    }
    if (body.access_token.length > MAX_TOKEN_LENGTH) {
      throw new AuthError(
        `token request to ${url} answered with an access_token of ${body.access_token.length} characters, over the limit of ${MAX_TOKEN_LENGTH}`,
      );
    }
    rememberSecret(body.access_token);
    if (typeof body.refresh_token === 'string') rememberSecret(body.refresh_token);
    return { accessToken: body.access_token, expiresAt: Date.now() + lifetime(body.expires_in) * 1000 };
  }

  async function token(): Promise<CachedToken> {
    const cached = tokenCache.get(cacheKey);
    if (cached) {
      const value = await cached.catch(() => undefined);
      if (value && value.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return value;
      if (tokenCache.get(cacheKey) !== cached) return token();
    }
    const pending = requestToken();
    tokenCache.set(cacheKey, pending);
    pending.catch(() => tokenCache.delete(cacheKey));
    return pending;
  }

  return {
    async authorize(request) {
      const { accessToken } = await token();
      return { ...request, headers: { ...request.headers, authorization: `Bearer ${accessToken}` } };
    },
    async refresh() {
      tokenCache.delete(cacheKey);
      return true;
    },
  };
}
