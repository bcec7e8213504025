import { ConfigError } from '../errors';
import { isTemplate, referencedPaths } from '../expressions';
import { isPlainObject } from '../json';
import type { ParentSpec } from '../source-spec';

/** Variables through which Airbyte-style templates reach the parent record. */
export const PARTITION_VARIABLES = ['stream_partition', 'stream_slice'];

/** Every string inside an endpoint's path, params, headers and json that is a template. */
function templatesIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && isTemplate(value)) out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => templatesIn(item, out));
  else if (isPlainObject(value)) Object.values(value).forEach((item) => templatesIn(item, out));
  return out;
}

/** The partition keys a resource's templates use: `{{ stream_slice['file_id'] }}` gives `file_id`. */
export function partitionKeys(endpoint: unknown): string[] {
  const keys = new Set<string>();
  for (const template of templatesIn(endpoint)) {
    for (const path of referencedPaths(template)) {
      if (PARTITION_VARIABLES.includes(path[0]!) && path[1] !== undefined) keys.add(path[1]);
    }
  }
  return [...keys];
}

/** Resource names a partition key may stand for: `file_id` → file, files; `collection` → collection, collections. */
export function candidateNames(key: string): string[] {
  const base = key.replace(/_id$/, '');
  return [...new Set([base, `${base}s`, `${base}es`, base.replace(/y$/, 'ies'), base.replace(/s$/, '')])];
}

/**
 * Infers a child resource's parent from the partition key its templates use, matching the key to a resource name,
 * singular or plural, with `_id` stripped; the parent's `id` is the bound field.
 */
export function inferParent(resource: string, endpoint: unknown, resourceNames: string[]): ParentSpec | undefined {
  const keys = partitionKeys(endpoint);
  if (keys.length === 0) return undefined;
  if (keys.length > 1) {
    throw new ConfigError(
      `resource '${resource}' uses several partition keys (${keys.join(', ')}); give an explicit parent: {resource, field, as}`,
    );
  }
  const key = keys[0]!;
  const matches = candidateNames(key).filter((name) => resourceNames.includes(name) && name !== resource);
  if (matches.length === 0) {
    throw new ConfigError(
      `resource '${resource}' uses partition key '${key}' but no resource is named ${candidateNames(key)
        .map((n) => `'${n}'`)
        .join(' or ')}; give an explicit parent: {resource, field, as}`,
    );
  }
  if (matches.length > 1) {
    throw new ConfigError(
      `resource '${resource}': partition key '${key}' could mean ${matches.map((n) => `'${n}'`).join(' or ')}; give an explicit parent: {resource, field, as}`,
    );
  }
  return { resource: matches[0]!, field: 'id', as: key };
}
