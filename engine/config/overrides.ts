import { ConfigError } from '../errors';
import { isPlainObject } from '../json';

/** Maps whose keys are the user's own (query parameters, headers, bodies, columns): `--set` may add keys inside them. */
export const FREE_FORM_KEYS: ReadonlySet<string> = new Set(['params', 'headers', 'json', 'data', 'columns']);

/** The dlt rest_api config keys that `--set` may add to an existing object where they are missing. */
export const DEFAULT_CREATABLE_KEYS: ReadonlySet<string> = new Set([
  ...[
    'base_url',
    'headers',
    'auth',
    'paginator',
    'session',
    'type',
    'token',
    'client_id',
    'client_secret',
    'token_url',
  ],
  ...['refresh_token', 'username', 'password', 'name', 'api_key', 'location', 'primary_key', 'merge_key'],
  ...['write_disposition', 'columns', 'table_name', 'selected', 'include_from_parent', 'processing_steps'],
  ...['max_table_nesting', 'path', 'method', 'params', 'json', 'data', 'data_selector', 'response_actions'],
  ...['incremental', 'limit', 'offset', 'offset_param', 'limit_param', 'total_path', 'maximum_offset', 'page_param'],
  ...['base_page', 'start_from_page', 'page', 'cursor_path', 'cursor_param', 'cursor_value', 'stop_condition'],
  ...['record_filter', 'next_url_path', 'stop_after_empty_page', 'has_more_path', 'maximum_page', 'cursor_body_path'],
  ...['offset_body_path', 'limit_body_path', 'page_body_path', 'retry', 'parent'],
]);

/** Options for {@link applyOverrides}. */
export interface OverrideOptions {
  /** Keys that may be created where missing; default {@link DEFAULT_CREATABLE_KEYS}. */
  creatableKeys?: ReadonlySet<string>;
}

/** One parsed `--set PATH=VALUE`. */
export interface ConfigOverride {
  path: string;
  segments: string[];
  value: unknown;
}

type Container = Record<string, unknown> | unknown[];

/** Parses `PATH=VALUE`; the value is JSON when it parses as JSON (`50`, `true`, `{"a":1}`) and a string otherwise. */
export function parseOverride(set: string): ConfigOverride {
  const eq = set.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--set expects PATH=VALUE, got '${set}'`);
  const path = set.slice(0, eq);
  const segments = path.split('.');
  if (segments.some((segment) => segment === ''))
    throw new ConfigError(`--set PATH has an empty segment, got '${path}'`);
  const text = set.slice(eq + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: the text itself, so that URLs and names need no quotes.
  }
  return { path, segments, value };
}

function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  const prototype = isPlainObject(value) ? Object.getPrototypeOf(value) : undefined;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value as object).map(([key, item]) => [key, cloneJson(item)]));
}

/** Sets a key as plain data, so that a key such as "__proto__" never changes an object's prototype. */
function setKey(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const resourceName = (resource: unknown, index: number): string =>
  typeof resource === 'string'
    ? resource
    : isPlainObject(resource) && resource.name !== undefined
      ? String(resource.name)
      : `#${index}`;

/** The index of a resource given by name, or by position when no resource has that name. */
function resourceIndex(resources: unknown[], key: string, fail: (detail: string) => never): number {
  const byName = resources.findIndex((resource, index) => resourceName(resource, index) === key);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(key) && Number(key) < resources.length) return Number(key);
  return fail(`no resource named '${key}' (known: ${resources.map(resourceName).join(', ') || 'none'})`);
}

function applyOne(root: unknown, { path, segments, value }: ConfigOverride, creatable: ReadonlySet<string>): void {
  const fail = (detail: string): never => {
    throw new ConfigError(`unknown --set path '${path}': ${detail}`);
  };
  if (!isPlainObject(root)) fail(`config is ${describeValue(root)}, not an object`);
  let node = root as Container;
  let freeForm = false;
  for (const [i, key] of segments.entries()) {
    const last = i === segments.length - 1;
    const where = i === 0 ? 'config' : segments.slice(0, i).join('.');
    let child: unknown;
    if (Array.isArray(node)) {
      const isResources = i === 1 && segments[0] === 'resources';
      const index = isResources ? resourceIndex(node, key, fail) : Number(key);
      if (!isResources && !(/^\d+$/.test(key) && index < node.length))
        fail(`${where} has no item ${key} (it has ${node.length})`);
      if (last) return void (node[index] = value);
      // A resource given as a bare name becomes its object form, so that keys under it can be set.
      if (isResources && typeof node[index] === 'string')
        node[index] = { name: node[index], endpoint: { path: node[index] } };
      child = node[index];
    } else {
      const exists = Object.hasOwn(node, key);
      if (!exists && !freeForm && !(last && creatable.has(key))) {
        fail(`${where} has no key '${key}' (known: ${Object.keys(node).join(', ') || 'none'})`);
      }
      if (last) return setKey(node, key, value);
      if (!exists) setKey(node, key, {});
      child = node[key];
      freeForm ||= FREE_FORM_KEYS.has(key);
    }
    if (typeof child !== 'object' || child === null)
      fail(`${segments.slice(0, i + 1).join('.')} is ${describeValue(child)}, not an object`);
    node = child as Container;
  }
}

/**
 * Returns a deep copy of a config with `--set PATH=VALUE` overrides applied. PATH is dotted; `resources.<name>`
 * addresses a resource by name (or index). Every segment must exist, except keys inside free-form maps
 * ({@link FREE_FORM_KEYS}) and a final key from `creatableKeys` under an existing object.
 */
export function applyOverrides(config: unknown, sets: string[], options: OverrideOptions = {}): unknown {
  const creatable = options.creatableKeys ?? DEFAULT_CREATABLE_KEYS;
  const root = cloneJson(config);
  for (const set of sets) applyOne(root, parseOverride(set), creatable);
  return root;
}
