import { z } from 'zod';
import { auth, clientSchema, paginator } from './client-schema';
import { jsonMap, nonNegativeInt, positiveInt, strict, stringList, text, typed } from './schema-primitives';

/**
 * The zod schema of a dlt `rest_api_source` config, with the Airbyte-style keys the reference sources use. Objects
 * are strict: an unknown key is an error that lists the known ones.
 */

const keyList = z.union([text, z.array(text)], { error: 'must be a string or a list of strings' });
const rangeBound = z.enum(['open', 'closed'], { error: 'must be open or closed' });

/** dlt's incremental arguments, shared by `endpoint.incremental` and `{"type": "incremental"}` params. */
export const incrementalShape = {
  cursor_path: text,
  initial_value: z.unknown().optional(),
  end_value: z.unknown().optional(),
  last_value_func: z.enum(['max', 'min']).optional(),
  lag: z.number({ error: 'must be a number' }).optional(),
  on_cursor_value_missing: z.enum(['raise', 'include', 'exclude']).optional(),
  row_order: z.enum(['asc', 'desc']).optional(),
  primary_key: keyList.optional(),
  range_start: rangeBound.optional(),
  range_end: rangeBound.optional(),
  convert: text.optional(),
};

/** Whether an incremental's `end_value` lies beyond its `initial_value`, or the two cannot be compared. */
function endValueProblem(value: { initial_value?: unknown; end_value?: unknown; last_value_func?: string }) {
  const { initial_value: start, end_value: end } = value;
  if (end === undefined || end === null) return undefined;
  if (start === undefined || start === null) return 'needs initial_value, as in dlt';
  if (typeof start !== typeof end || (typeof end !== 'number' && typeof end !== 'string'))
    return `cannot be compared with initial_value ${JSON.stringify(start)}`;
  const max = value.last_value_func !== 'min';
  if (max ? end < start : end > start)
    return `must be ${max ? 'higher' : 'lower'} than initial_value ${JSON.stringify(start)}`;
  return undefined;
}

const incremental = strict({
  ...incrementalShape,
  start_param: text.optional(),
  end_param: text.optional(),
}).superRefine((value, ctx) => {
  const problem = endValueProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', path: ['end_value'], message: problem });
});

const boundParamShapes = {
  resolve: { resource: text, field: text },
  incremental: incrementalShape,
};

/**
 * `endpoint.params`: plain values, or dlt's bound params (`{"type": "resolve", …}`, `{"type": "incremental", …}`),
 * each checked against its shape. A resource has at most one incremental; a param set by the incremental's value
 * cannot also carry an end value, as in dlt.
 */
const params = jsonMap.superRefine((value, ctx) => {
  const incrementals: string[] = [];
  for (const [name, param] of Object.entries(value)) {
    if (param === null || typeof param !== 'object' || Array.isArray(param) || !('type' in param)) continue;
    const result = typed(boundParamShapes).safeParse(param);
    for (const issue of result.error?.issues ?? [])
      ctx.addIssue({ ...issue, path: [name, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
    if ((param as { type: unknown }).type !== 'incremental') continue;
    incrementals.push(name);
    const { end_value: end } = param as Record<string, unknown>;
    if (end !== undefined && end !== null)
      ctx.addIssue({
        code: 'custom',
        path: [name, 'end_value'],
        message: 'is not allowed in an incremental param; give end_value and end_param in endpoint.incremental',
      });
  }
  if (incrementals.length > 1)
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: `may hold one incremental param, not ${incrementals.length} (${incrementals.join(', ')})`,
    });
});

const endpoint = strict({
  path: text.optional(),
  method: z.enum(['GET', 'POST'], { error: 'must be GET or POST' }).optional(),
  params: params.optional(),
  json: z.unknown().optional(),
  data: z.unknown().optional(),
  headers: jsonMap.optional(),
  paginator: paginator.optional(),
  data_selector: text.optional(),
  record_filter: text.optional(),
  response_actions: z.array(z.unknown()).optional(),
  incremental: incremental.optional(),
  auth: auth.nullable().optional(),
});

/** Every column hint dlt's schema accepts. */
const columnHintShape = {
  name: text.optional(),
  data_type: z.enum(['text', 'bigint', 'double', 'bool', 'timestamp', 'date', 'json', 'decimal', 'binary']).optional(),
  nullable: z.boolean().optional(),
  primary_key: z.boolean().optional(),
  precision: positiveInt.optional(),
  scale: nonNegativeInt.optional(),
  timezone: z.boolean().optional(),
  description: text.optional(),
  unique: z.boolean().optional(),
  sort: z.boolean().optional(),
  partition: z.boolean().optional(),
  cluster: z.boolean().optional(),
  merge_key: z.boolean().optional(),
  row_key: z.boolean().optional(),
  parent_key: z.boolean().optional(),
  root_key: z.boolean().optional(),
  hard_delete: z.boolean().optional(),
  dedup_sort: z.enum(['asc', 'desc']).optional(),
  variant: z.boolean().optional(),
  incremental: z.boolean().optional(),
};
const columnHint = strict(columnHintShape);
const columns = z.union([z.record(z.string(), columnHint), z.array(strict({ ...columnHintShape, name: text }))], {
  error: 'must be an object of column hints or a list of column hints with names',
});

const dispositions = z.enum(['append', 'replace', 'merge'], { error: 'must be append, replace or merge' });
/** dlt's `write_disposition` as a dict: the disposition, and for merge its strategy and scd2's options. */
const writeDisposition = z.union(
  [
    dispositions,
    strict({
      disposition: dispositions,
      strategy: z
        .enum(['delete-insert', 'upsert', 'scd2'], { error: 'must be delete-insert, upsert or scd2' })
        .optional(),
      validity_column_names: z.array(text).length(2, 'must name two columns').optional(),
    }),
  ],
  { error: 'must be append, replace or merge, or {disposition, strategy}' },
);

const processingStep = strict({ filter: text.optional(), map: text.optional() });
const parent = strict({ resource: text, field: text.optional(), as: text.optional() });

const resourceShape = {
  name: text.optional(),
  endpoint: z.union([text, endpoint]).optional(),
  primary_key: stringList.optional(),
  merge_key: stringList.optional(),
  write_disposition: writeDisposition.optional(),
  columns: columns.optional(),
  table_name: text.optional(),
  selected: z.boolean().optional(),
  include_from_parent: z.array(text).optional(),
  processing_steps: z.array(processingStep).optional(),
  max_table_nesting: nonNegativeInt.optional(),
  parallelized: z.boolean().optional(),
  parent: parent.optional(),
};

/** One entry of `resources`: a name, or a resource object that must have a name. */
export const resourceSchema = z.union([text, strict({ ...resourceShape, name: text })], {
  error: 'must be a resource name or a resource object with a name',
});

/** The whole source config. */
export const sourceConfigSchema = strict({
  client: clientSchema,
  resource_defaults: strict(resourceShape).optional(),
  resources: z
    .array(resourceSchema, { error: 'must be a list of resources' })
    .min(1, 'must name at least one resource'),
});

/** The config as validated, before defaults are merged. */
export type SourceConfig = z.infer<typeof sourceConfigSchema>;
