import { ConfigError, DestinationError } from '../errors';
import { evaluateCondition, renderValue } from '../expressions';
import { isPlainObject, type JsonObject, type JsonValue } from '../json';
import type { ResourceSpec } from '../source-spec';

/**
 * Applies a resource's `record_filter` and `processing_steps` (`filter` keeps records whose template is truthy, `map`
 * replaces a record by its template's value) and adds `include_from_parent` columns.
 */
export function processRecords(
  records: JsonValue[],
  resource: ResourceSpec,
  partition?: Record<string, JsonValue>,
): JsonObject[] {
  const out: JsonObject[] = [];
  const filter = resource.endpoint.recordFilter;
  records.forEach((raw, index) => {
    if (!isPlainObject(raw)) {
      throw new ConfigError(
        `resource '${resource.name}': record ${index} is ${JSON.stringify(raw)?.slice(0, 60)}, not an object; check data_selector`,
      );
    }
    let record = raw as JsonObject;
    const context = { record, stream_partition: partition ?? {}, stream_slice: partition ?? {} };
    if (filter && !evaluateCondition(filter, context)) return;
    for (const step of resource.processingSteps) {
      if (step.filter && !evaluateCondition(step.filter, { ...context, record })) return;
      if (step.map) {
        const mapped = renderValue(step.map, { ...context, record });
        if (!isPlainObject(mapped))
          throw new DestinationError(`resource '${resource.name}': processing_steps map must produce an object`);
        record = mapped as JsonObject;
      }
    }
    out.push(record);
  });
  return out;
}

/** Adds dlt's `include_from_parent` columns: the parent's `field` as `_<parent>_<field>` on every child record. */
export function withParentFields(
  records: JsonObject[],
  resource: ResourceSpec,
  fields: Record<string, JsonValue> | undefined,
): JsonObject[] {
  if (!resource.parent || resource.includeFromParent.length === 0 || !fields) return records;
  const extra = Object.fromEntries(
    resource.includeFromParent.map((field) => [`_${resource.parent!.resource}_${field}`, fields[field] ?? null]),
  );
  return records.map((record) => ({ ...record, ...extra }));
}
