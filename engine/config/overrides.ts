import { ConfigError } from '../errors';
import { isPlainObject } from '../json';

/** Maps whose keys are the user's own, so `--set` may add new keys inside them. */
const FREE_FORM = new Set(['params', 'headers', 'json', 'data', 'columns']);

/** Config keys `--set` may add where they are missing. */
export const CREATABLE_KEYS: ReadonlySet<string> = new Set(
  'base_url headers auth paginator type token client_id client_secret token_url access_token_url refresh_token username password name api_key location primary_key merge_key write_disposition columns table_name selected include_from_parent processing_steps max_table_nesting path method params json data data_selector response_actions incremental limit offset offset_param limit_param total_path maximum_offset page_param base_page start_from_page page cursor_path cursor_param cursor_value stop_condition record_filter next_url_path stop_after_empty_page has_more_path maximum_page cursor_body_path offset_body_path limit_body_path page_body_path retry parent endpoint resource_defaults'.split(' '),
);

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function resourceIndex(resources: unknown[], key: string, path: string): number {
  if (/^\d+$/.test(key) && Number(key) < resources.length) return Number(key);
  const index = resources.findIndex((r) => (typeof r === 'string' ? r : isPlainObject(r) ? r.name : undefined) === key);
  if (index < 0) {
    const names = resources.map((r) => (typeof r === 'string' ? r : isPlainObject(r) ? String(r.name) : '?'));
    throw new ConfigError(`unknown --set path '${path}': no resource named '${key}' (known: ${names.join(', ')})`);
  }
  if (typeof resources[index] === 'string') resources[index] = { name: resources[index], endpoint: { path: resources[index] } };
  return index;
}

/**
 * Applies `--set PATH=VALUE` overrides to a copy of a config. `resources.<name>` addresses a resource by name. The
 * value is JSON when it parses as JSON, a string otherwise. Every segment of the path must exist, except new keys in
 * free-form maps (params, headers, json, data, columns) and known config keys under an existing object.
 */
export function applyOverrides(config: unknown, sets: string[], options: { creatableKeys?: ReadonlySet<string> } = {}): unknown {
  const creatable = options.creatableKeys ?? CREATABLE_KEYS;
  const root = structuredClone(config) as Record<string, unknown>;
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--set expects PATH=VALUE, got '${set}'`);
    const path = set.slice(0, eq);
    const keys = path.split('.');
    let node: unknown = root;
    let where = 'config';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const last = i === keys.length - 1;
      if (Array.isArray(node)) {
        const index = where === 'resources' ? resourceIndex(node, key, path) : Number(key);
        if (last) node[index] = parseValue(set.slice(eq + 1));
        else node = node[index];
      } else if (isPlainObject(node)) {
        const exists = Object.hasOwn(node, key);
        const free = FREE_FORM.has(where.split('.').pop()!);
        if (!exists && !free && !creatable.has(key)) {
          throw new ConfigError(`unknown --set path '${path}': ${where} has no key '${key}' (known: ${Object.keys(node).join(', ') || 'none'})`);
        }
        if (last) node[key] = parseValue(set.slice(eq + 1));
        else {
          if (!exists) node[key] = {};
          node = node[key];
        }
      } else {
        throw new ConfigError(`unknown --set path '${path}': ${where} is not an object`);
      }
      where = key;
    }
  }
  return root;
}
