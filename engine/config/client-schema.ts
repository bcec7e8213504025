import { z } from 'zod';
import {
  jsonMap,
  nonNegativeInt,
  positiveInt,
  secretOrText,
  strict,
  stringList,
  text,
  typed,
} from './schema-primitives';

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

/** A paginator: a type name, or an object of the options its type takes. */
export const paginator = z.union(
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

/** An auth object, of the options its type takes. */
export const auth = typed(authShapes);

const retry = strict({
  max_attempts: positiveInt.optional(),
  backoff_factor: z.number().positive().optional(),
  initial_interval_ms: positiveInt.optional(),
  status_codes: z.array(z.number().int()).optional(),
});

/** A source's `client`: its API's address, headers, auth, paginator and retries, and sluice's limits. */
export const clientSchema = strict({
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
});

/** Each paginator type's options, typed from the shapes above, so that a paginator reads exactly what is validated. */
export type PaginatorOptions = {
  [K in keyof typeof paginatorShapes]: z.output<z.ZodObject<(typeof paginatorShapes)[K]>>;
};

/** Each auth type's options, typed from the shapes above, so that an authenticator reads exactly what is validated. */
export type AuthOptions = { [K in keyof typeof authShapes]: z.output<z.ZodObject<(typeof authShapes)[K]>> };
