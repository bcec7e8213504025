import { z } from 'zod';

/**
 * The zod schema of a dlt `rest_api_source` config, with the Airbyte-style keys the reference sources use. Objects
 * are strict: an unknown key is an error that lists the known ones.
 */

function strict<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} (known: ${known})`
        : undefined,
  });
}

const positiveInt = z
  .number({ error: 'must be a positive integer' })
  .int('must be a positive integer')
  .positive('must be a positive integer');
const nonNegativeInt = z
  .number({ error: 'must be a non-negative integer' })
  .int('must be a non-negative integer')
  .min(0, 'must be a non-negative integer');
const text = z.string({ error: 'must be a string' });
const secretRef = strict({ $secret: text });
const secretOrText = z.union([text, secretRef], { error: 'must be a string or a secret reference' });
const jsonMap = z.record(z.string(), z.unknown(), { error: 'must be an object' });
const stringList = z.union([text, z.array(text)], { error: 'must be a string or a list of strings' });

const paginatorShapes = {
  offset: {
    limit: positiveInt.optional(),
    offset: nonNegativeInt.optional(),
    offset_param: text.optional(),
    limit_param: text.optional(),
    total_path: text.nullable().optional(),
    maximum_offset: positiveInt.optional(),
    stop_after_empty_page: z.boolean().optional(),
    has_more_path: text.optional(),
    offset_body_path: text.optional(),
    limit_body_path: text.optional(),
  },
  page_number: {
    base_page: nonNegativeInt.optional(),
    start_from_page: nonNegativeInt.optional(),
    page: nonNegativeInt.optional(),
    page_param: text.optional(),
    limit_param: text.optional(),
    limit: positiveInt.optional(),
    page_size: positiveInt.optional(),
    total_path: text.nullable().optional(),
    maximum_page: positiveInt.optional(),
    stop_after_empty_page: z.boolean().optional(),
    has_more_path: text.optional(),
    page_body_path: text.optional(),
  },
  cursor: {
    cursor_path: text.optional(),
    cursor_param: text.optional(),
    cursor_body_path: text.optional(),
    cursor_value: text.optional(),
    stop_condition: text.optional(),
    limit: positiveInt.optional(),
    limit_param: text.optional(),
    stop_after_empty_page: z.boolean().optional(),
  },
  json_link: { next_url_path: text.optional() },
  header_link: { links_next_key: text.optional() },
  header_cursor: { cursor_key: text.optional(), cursor_param: text.optional() },
  single_page: {},
  auto: {},
};
paginatorShapes satisfies Record<string, z.ZodRawShape>;
/** Paginator names as users may write them; `json_response` is dlt's legacy name for `json_link`. */
const PAGINATOR_TYPES = [...Object.keys(paginatorShapes), 'json_response'];

/** Validates an object against the shape its `type` selects, reporting an unknown type with the known ones. */
function typed(shapes: Record<string, z.ZodRawShape>, aliases: Record<string, string> = {}) {
  const types = [...Object.keys(shapes), ...Object.keys(aliases)];
  return z.looseObject({ type: text }).superRefine((value, ctx) => {
    const shape = shapes[aliases[value.type] ?? value.type];
    if (!shape) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `must be one of ${types.join(', ')}` });
      return;
    }
    const result = strict({ type: text, ...shape }).safeParse(value);
    for (const issue of result.error?.issues ?? []) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
  });
}

const paginator = z.union(
  [
    z.enum(PAGINATOR_TYPES, { error: `must be one of ${PAGINATOR_TYPES.join(', ')}` }),
    typed(paginatorShapes, { json_response: 'json_link' }),
  ],
  { error: `must be one of ${PAGINATOR_TYPES.join(', ')}, or a paginator object` },
);

const authShapes = {
  bearer: { token: secretOrText },
  api_key: { name: text.optional(), api_key: secretOrText, location: z.enum(['header', 'query', 'cookie']).optional() },
  http_basic: { username: secretOrText, password: secretOrText },
  oauth2_client_credentials: {
    access_token_url: text.optional(),
    token_url: text.optional(),
    client_id: secretOrText,
    client_secret: secretOrText,
    access_token_request_data: jsonMap.optional(),
    default_token_expiration: positiveInt.optional(),
    client_auth: z.enum(['body', 'basic']).optional(),
    scopes: stringList.optional(),
  },
  oauth2: {
    token_url: text.optional(),
    access_token_url: text.optional(),
    client_id: secretOrText,
    client_secret: secretOrText.optional(),
    refresh_token: secretOrText.optional(),
    scopes: stringList.optional(),
    access_token_request_data: jsonMap.optional(),
    default_token_expiration: positiveInt.optional(),
    client_auth: z.enum(['body', 'basic']).optional(),
  },
};
const auth = typed(authShapes);

const retry = strict({
  max_attempts: positiveInt.optional(),
  backoff_factor: z.number().positive().optional(),
  initial_interval_ms: positiveInt.optional(),
  status_codes: z.array(z.number().int()).optional(),
});

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
  client: strict({
    base_url: text,
    headers: jsonMap.optional(),
    auth: auth.optional(),
    paginator: paginator.optional(),
    retry: retry.optional(),
    // sluice extensions of the dialect: limits on the load put on the API, across every worker.
    max_concurrency: positiveInt.max(64, 'must be at most 64').optional(),
    requests_per_second: z
      .number({ error: 'must be a positive number' })
      .positive('must be a positive number')
      .max(10_000, 'must be at most 10000')
      .optional(),
  }),
  resource_defaults: strict(resourceShape).optional(),
  resources: z
    .array(resourceSchema, { error: 'must be a list of resources' })
    .min(1, 'must name at least one resource'),
});

/** The config as validated, before defaults are merged. */
export type SourceConfig = z.infer<typeof sourceConfigSchema>;

/** Each paginator type's options, typed from the shapes above, so that a paginator reads exactly what is validated. */
export type PaginatorOptions = {
  [K in keyof typeof paginatorShapes]: z.output<z.ZodObject<(typeof paginatorShapes)[K]>>;
};

/** Each auth type's options, typed from the shapes above, so that an authenticator reads exactly what is validated. */
export type AuthOptions = { [K in keyof typeof authShapes]: z.output<z.ZodObject<(typeof authShapes)[K]>> };
