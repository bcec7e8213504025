import { isPlainObject } from '../json';
import type { SourceConfig } from './config-schema';

type ResourceObject = Exclude<SourceConfig['resources'][number], string>;
type Defaults = NonNullable<SourceConfig['resource_defaults']>;

/** Keys whose object values merge one level deep, as in dlt. */
const MERGED_ENDPOINT_KEYS = new Set(['params', 'json', 'headers']);

function mergeEndpoint(defaults: unknown, own: unknown): unknown {
  const base = isPlainObject(defaults) ? defaults : {};
  const top = typeof own === 'string' ? { path: own } : isPlainObject(own) ? own : {};
  const merged: Record<string, unknown> = { ...base, ...top };
  for (const key of MERGED_ENDPOINT_KEYS) {
    if (isPlainObject(base[key]) && isPlainObject(top[key])) merged[key] = { ...base[key], ...top[key] };
  }
  return merged;
}

/**
 * Applies `resource_defaults` to one resource as dlt does: the resource's keys override the defaults key by key;
 * `endpoint.params`, `endpoint.json`, `endpoint.headers` and `columns` merge one level deep. A string resource `"x"`
 * means `{name: "x", endpoint: {path: "x"}}`.
 */
export function mergeResourceDefaults(
  resource: SourceConfig['resources'][number],
  defaults: Defaults = {},
): ResourceObject {
  const own: ResourceObject =
    typeof resource === 'string' ? { name: resource, endpoint: { path: resource } } : resource;
  const merged = { ...defaults, ...own } as ResourceObject;
  merged.endpoint = mergeEndpoint(defaults.endpoint, own.endpoint ?? { path: own.name }) as ResourceObject['endpoint'];
  if (defaults.columns && own.columns) merged.columns = { ...defaults.columns, ...own.columns };
  return merged;
}
