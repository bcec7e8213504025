import { isTemplate, renderString } from '../expressions';
import { placeholdersIn, pythonText } from '../config/placeholders';
import { isPlainObject, type JsonValue } from '../json';
import type { ClientSpec, EndpointSpec } from '../source-spec';
import type { ParamValue, RequestSpec } from './request-spec';

/** Joins a base URL and a path as dlt's `join_url` does; a path that is already absolute is used as given. */
export function joinUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(path.replace(/^\/+/, ''), base).toString();
}

/** The values a child partition binds, by placeholder (or `stream_partition` key) name. */
export type PartitionBindings = Record<string, JsonValue>;

/**
 * Renders a config string for a partition. Templates are the config's own text and are rendered first; bound
 * placeholders are then replaced by their values through `put`, so a value from an API is only ever data: never
 * rendered as a template, never read as a placeholder.
 */
function substitute(
  text: string,
  bindings: PartitionBindings,
  context: Record<string, unknown>,
  put: (value: JsonValue) => string = pythonText,
): string {
  const render = (part: string) => (isTemplate(part) ? renderString(part, context) : part);
  const bound = placeholdersIn(text).filter((p) => Object.hasOwn(bindings, p.name));
  if (bound.length === 0) return render(text);
  let out = '';
  let at = 0;
  for (const placeholder of bound) {
    out += render(text.slice(at, placeholder.start)) + put(bindings[placeholder.name]!);
    at = placeholder.end;
  }
  return out + render(text.slice(at));
}

/** A JSON body keeps a value's type where a string is exactly one placeholder, as dlt does. */
function substituteDeep(
  value: JsonValue,
  bindings: PartitionBindings,
  context: Record<string, unknown>,
  keepTypes = false,
): JsonValue {
  if (typeof value === 'string') {
    const only = placeholdersIn(value);
    if (keepTypes && only.length === 1 && only[0]!.start === 0 && only[0]!.end === value.length)
      if (Object.hasOwn(bindings, only[0]!.name)) return bindings[only[0]!.name]!;
    return substitute(value, bindings, context);
  }
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, bindings, context, keepTypes));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        substitute(k, bindings, context),
        substituteDeep(v as JsonValue, bindings, context, keepTypes),
      ]),
    );
  }
  return value;
}

/**
 * Builds a resource's first request: URL from base and path, the path's own query string merged with `params`, and
 * templates and placeholders rendered for the partition. Values bound into the path are URL-encoded. Pure.
 */
export function buildRequest(
  client: ClientSpec,
  endpoint: EndpointSpec,
  bindings: PartitionBindings = {},
): RequestSpec {
  const context = { stream_partition: bindings, stream_slice: bindings };
  const path = substitute(endpoint.path, bindings, context, (value) => encodeURIComponent(pythonText(value)));
  const url = new URL(joinUrl(client.baseUrl, path));
  const params: Record<string, ParamValue> = {};
  url.searchParams.forEach((value, key) => (params[key] = value));
  url.search = '';
  for (const [key, value] of Object.entries(endpoint.params)) {
    if (value === null || value === undefined) continue;
    const rendered = substituteDeep(value, bindings, context);
    params[substitute(key, bindings, context)] =
      typeof rendered === 'object' ? JSON.stringify(rendered) : (rendered as ParamValue);
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...client.headers, ...endpoint.headers })) {
    headers[key.toLowerCase()] = String(substituteDeep(value, bindings, context));
  }
  return {
    method: endpoint.method,
    url: url.toString(),
    params,
    headers,
    json: endpoint.json === undefined ? undefined : substituteDeep(endpoint.json, bindings, context, true),
    data: isPlainObject(endpoint.data)
      ? (substituteDeep(endpoint.data as JsonValue, bindings, context) as Record<string, string>)
      : undefined,
  };
}

/** The full URL a request goes to, with its params. */
export function requestUrl(request: RequestSpec): string {
  const url = new URL(request.url);
  for (const [key, value] of Object.entries(request.params)) url.searchParams.set(key, String(value));
  return url.toString();
}
