import { isTemplate, renderString } from '../expressions';
import { isPlainObject, type JsonValue } from '../json';
import type { ClientSpec, EndpointSpec } from '../source-spec';
import type { ParamValue, RequestSpec } from './request-spec';

/** Joins a base URL and a path as dlt's `join_url` does; a path that is already absolute is used as given. */
export function joinUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(path.replace(/^\/+/, ''), base).toString();
}

/** The values a partition binds: template variables plus dlt `{name}` placeholders. */
export interface PartitionBinding {
  /** The name the parent value is bound to (`collection`, `file_id`, `resources.issues.number`). */
  as: string;
  value: JsonValue;
}

function substitute(text: string, binding: PartitionBinding | undefined, context: Record<string, unknown>): string {
  let out = text;
  if (binding) out = out.split(`{${binding.as}}`).join(String(binding.value));
  return isTemplate(out) ? renderString(out, context) : out;
}

function substituteDeep(
  value: JsonValue,
  binding: PartitionBinding | undefined,
  context: Record<string, unknown>,
): JsonValue {
  if (typeof value === 'string') return substitute(value, binding, context);
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, binding, context));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteDeep(v as JsonValue, binding, context)]),
    );
  }
  return value;
}

/**
 * Builds a resource's first request: URL from base and path, the path's own query string merged with `params`, and
 * templates and placeholders rendered for the partition. Pure.
 */
export function buildRequest(client: ClientSpec, endpoint: EndpointSpec, binding?: PartitionBinding): RequestSpec {
  const partition = binding ? { [binding.as]: binding.value } : {};
  const context = { stream_partition: partition, stream_slice: partition };
  const url = new URL(joinUrl(client.baseUrl, substitute(endpoint.path, binding, context)));
  const params: Record<string, ParamValue> = {};
  url.searchParams.forEach((value, key) => (params[key] = value));
  url.search = '';
  for (const [key, value] of Object.entries(endpoint.params)) {
    if (value === null || value === undefined) continue;
    const rendered = substituteDeep(value, binding, context);
    params[key] = typeof rendered === 'object' ? JSON.stringify(rendered) : (rendered as ParamValue);
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...client.headers, ...endpoint.headers })) {
    headers[key.toLowerCase()] = String(substituteDeep(value, binding, context));
  }
  return {
    method: endpoint.method,
    url: url.toString(),
    params,
    headers,
    json: endpoint.json === undefined ? undefined : substituteDeep(endpoint.json, binding, context),
    data: isPlainObject(endpoint.data)
      ? (substituteDeep(endpoint.data as JsonValue, binding, context) as Record<string, string>)
      : undefined,
  };
}

/** The full URL a request goes to, with its params. */
export function requestUrl(request: RequestSpec): string {
  const url = new URL(request.url);
  for (const [key, value] of Object.entries(request.params)) url.searchParams.set(key, String(value));
  return url.toString();
}
