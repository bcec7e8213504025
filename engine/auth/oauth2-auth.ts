import { AuthError, HttpError } from '../errors';
import type { HttpClient } from '../http/http-client';
import type { AuthOptions } from '../config/config-schema';
import type { Authenticator, SecretValue } from './authenticator';

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/** Tokens shared by every activity of this worker process, keyed by token URL, client and grant. */
const tokenCache = new Map<string, Promise<CachedToken>>();
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
    let response;
    try {
      response = await http.send({ method: 'POST', url, params: {}, headers, data: form });
    } catch (error) {
      if (error instanceof HttpError && !error.retryable)
        throw new AuthError(`token request to ${url} was refused: ${error.message}`);
      throw error;
    }
    const body = response.body as Record<string, unknown> | null;
    if (response.status === 401 || typeof body?.access_token !== 'string') {
      throw new AuthError(
        `token request to ${url} failed with status ${response.status}: check client_id and client_secret`,
      );
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : defaultExpiry;
    return { accessToken: body.access_token, expiresAt: Date.now() + expiresIn * 1000 };
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
