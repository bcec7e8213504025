import type { JsonValue } from '../json';
import type { ParentSpec, ResourceSpec } from '../source-spec';

/** The parent columns a child needs for each partition: fields bound beyond the key, and `include_from_parent`. */
export function parentFieldsToRead(resource: ResourceSpec): string[] {
  const more = resource.parent?.more?.map((binding) => binding.field) ?? [];
  return [...new Set([...resource.includeFromParent, ...more])];
}

/**
 * The values a child partition binds, by placeholder (or `stream_partition` key) name: the parent key, then every
 * further bound field read from the parent row. Undefined for a top-level resource.
 */
export function partitionBindings(
  parent: ParentSpec | undefined,
  partition: { partitionValue?: JsonValue; partitionFields?: Record<string, JsonValue> },
): Record<string, JsonValue> | undefined {
  if (!parent) return undefined;
  const values: Record<string, JsonValue> = { [parent.as]: partition.partitionValue ?? null };
  for (const { field, as } of parent.more ?? []) values[as] = partition.partitionFields?.[field] ?? null;
  return values;
}
