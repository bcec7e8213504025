import { isPlainObject } from '../json';

type Node = Record<string, unknown>;

/** The auth types dlt knows; a string naming one is its shorthand, with every credential read from secrets. */
export const AUTH_TYPES = ['bearer', 'api_key', 'http_basic', 'oauth2_client_credentials'];

/** The credential fields each auth type reads from secrets when the config leaves them out, as dlt does. */
const CREDENTIALS: Record<string, string[]> = {
  bearer: ['token'],
  api_key: ['api_key'],
  http_basic: ['username', 'password'],
  oauth2_client_credentials: ['client_id', 'client_secret'],
};

/** dlt's legacy paginator names. */
const PAGINATOR_ALIASES: Record<string, string> = { json_response: 'json_link' };

/** A copy of an object without its `null` values: in dlt an explicit null means "not set". */
function withoutNulls(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null));
}

/**
 * dlt's auth shorthands: a type name alone, or an object without `type` (bearer). A credential the config leaves out
 * is the secret `credentials.<field>`, where dlt would read `sources.rest_api.credentials.<field>`.
 */
function normalizeAuth(auth: unknown): unknown {
  const object = typeof auth === 'string' && AUTH_TYPES.includes(auth) ? { type: auth } : auth;
  if (!isPlainObject(object)) return object;
  const typed: Node = { type: 'bearer', ...(withoutNulls(object) as Node) };
  for (const field of CREDENTIALS[typed.type as string] ?? [])
    if (!Object.hasOwn(typed, field)) typed[field] = { $secret: `credentials.${field}` };
  return typed;
}

function normalizePaginator(paginator: unknown): unknown {
  if (typeof paginator === 'string') return PAGINATOR_ALIASES[paginator] ?? paginator;
  if (isPlainObject(paginator) && typeof paginator.type === 'string' && PAGINATOR_ALIASES[paginator.type])
    return { ...paginator, type: PAGINATOR_ALIASES[paginator.type] };
  return paginator;
}

function normalizeEndpoint(endpoint: unknown): unknown {
  if (!isPlainObject(endpoint)) return endpoint;
  const out = withoutNulls(endpoint) as Node;
  if ('auth' in out) out.auth = normalizeAuth(out.auth);
  if ('paginator' in out) out.paginator = normalizePaginator(out.paginator);
  return out;
}

function normalizeResource(resource: unknown): unknown {
  if (!isPlainObject(resource)) return resource;
  const out = withoutNulls(resource) as Node;
  if ('endpoint' in out) out.endpoint = normalizeEndpoint(out.endpoint);
  if (Array.isArray(out.columns) && out.columns.every((hint) => isPlainObject(hint) && typeof hint.name === 'string'))
    out.columns = Object.fromEntries(out.columns.map((hint) => [(hint as Node).name, hint]));
  return out;
}

/**
 * Rewrites dlt's shorthands and aliases into the one form validation and resolution read: nulls dropped (unset), auth
 * shorthands expanded, `json_response` read as `json_link`. Everything else is left as written, so validation still
 * reports it at the path the user wrote.
 */
export function normalizeConfig(config: unknown): unknown {
  if (!isPlainObject(config)) return config;
  const out = withoutNulls(config) as Node;
  if (isPlainObject(out.client)) {
    const client = withoutNulls(out.client) as Node;
    if ('auth' in client) client.auth = normalizeAuth(client.auth);
    if ('paginator' in client) client.paginator = normalizePaginator(client.paginator);
    out.client = client;
  }
  if ('resource_defaults' in out) out.resource_defaults = normalizeResource(out.resource_defaults);
  if (Array.isArray(out.resources)) out.resources = out.resources.map(normalizeResource);
  return out;
}
