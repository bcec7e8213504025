import type { IncomingHttpHeaders } from 'node:http';
import type { JsonReply } from './json-reply';
import type { TokenStore } from './token-store';

/** The credentials the token endpoint accepts. */
export interface AcceptedCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

const TOKEN_ENDPOINTS = ['/oauth2/token', '/oauth/token', '/auth/token'];

/**
 * The token paths: the seeds' own (`/oauth2/token`, `/oauth/token`, `/v2/auth/token`), each also under `/v2`, so a
 * token URL built from seed 003's `/v2` base URL works too.
 */
export const TOKEN_PATHS: ReadonlySet<string> = new Set(TOKEN_ENDPOINTS.flatMap((path) => [path, `/v2${path}`]));

const error = (status: number, code: string, headers?: Record<string, string>): JsonReply => ({
  status,
  body: { error: code },
  headers,
});

/** The fields of a form-encoded or JSON body, or undefined when the body does not parse. */
function bodyFields(contentType: string, body: string): Record<string, string> | undefined {
  if (!contentType.includes('json')) return Object.fromEntries(new URLSearchParams(body));
  try {
    const parsed: unknown = JSON.parse(body || '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return Object.fromEntries(
      Object.entries(parsed)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
  } catch {
    return undefined;
  }
}

/** HTTP Basic credentials; RFC 6749 form-encodes the id and the secret before joining them. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const text = Buffer.from(encoded, 'base64').toString();
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return part;
    }
  };
  return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
}

/**
 * Answers a token request: the `client_credentials` grant checks the client id and secret; the `refresh_token` grant
 * checks the refresh token, and the client id and secret when they are given. The client may authenticate in the
 * body or with HTTP Basic.
 */
export function answerTokenRequest(
  headers: IncomingHttpHeaders,
  body: string,
  accepted: AcceptedCredentials,
  tokens: TokenStore,
): JsonReply {
  const fields = bodyFields(headers['content-type'] ?? '', body);
  if (!fields) return error(400, 'invalid_request');
  const grant = fields.grant_type;
  if (grant !== 'client_credentials' && grant !== 'refresh_token') return error(400, 'unsupported_grant_type');
  const basic = basicCredentials(headers.authorization);
  const clientId = basic?.id ?? fields.client_id;
  const clientSecret = basic?.secret ?? fields.client_secret;
  const clientOk =
    grant === 'client_credentials'
      ? clientId === accepted.clientId && clientSecret === accepted.clientSecret
      : (clientId === undefined || clientId === accepted.clientId) &&
        (clientSecret === undefined || clientSecret === accepted.clientSecret);
  if (!clientOk)
    return error(401, 'invalid_client', basic ? { 'www-authenticate': 'Basic realm="sluice-emulator"' } : undefined);
  // RFC 6749 §5.2: a wrong refresh token is an invalid grant, not an unknown client.
  if (grant === 'refresh_token' && fields.refresh_token !== accepted.refreshToken) return error(400, 'invalid_grant');
  const token = tokens.issue();
  const reply = grant === 'refresh_token' ? { ...token, refresh_token: accepted.refreshToken } : token;
  return { status: 200, body: reply, headers: { 'cache-control': 'no-store' } };
}
