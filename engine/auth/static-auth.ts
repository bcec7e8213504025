import type { AuthOptions } from '../config/client-schema';
import { rememberSecret } from '../http/redact';
import type { Authenticator, SecretValue } from './authenticator';

/** `bearer`: an `Authorization: Bearer <token>` header. */
export function createBearerAuth(spec: AuthOptions['bearer'], secret: SecretValue): Authenticator {
  const token = secret(spec.token, 'auth.token');
  return {
    authorize: async (request) => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } }),
    refresh: async () => false,
  };
}

/** `api_key`: a key in a header (default `Authorization`), a query param or a cookie. */
export function createApiKeyAuth(spec: AuthOptions['api_key'], secret: SecretValue): Authenticator {
  const key = secret(spec.api_key, 'auth.api_key');
  const name = spec.name ?? 'Authorization';
  const location = spec.location ?? 'header';
  return {
    async authorize(request) {
      if (location === 'query') return { ...request, params: { ...request.params, [name]: key } };
      if (location === 'cookie') return { ...request, headers: { ...request.headers, cookie: `${name}=${key}` } };
      return { ...request, headers: { ...request.headers, [name.toLowerCase()]: key } };
    },
    refresh: async () => false,
  };
}

/** `http_basic`: an `Authorization: Basic …` header. */
export function createHttpBasicAuth(spec: AuthOptions['http_basic'], secret: SecretValue): Authenticator {
  const encoded = Buffer.from(
    `${secret(spec.username, 'auth.username')}:${secret(spec.password, 'auth.password')}`,
  ).toString('base64');
  rememberSecret(encoded);
  return {
    authorize: async (request) => ({ ...request, headers: { ...request.headers, authorization: `Basic ${encoded}` } }),
    refresh: async () => false,
  };
}
