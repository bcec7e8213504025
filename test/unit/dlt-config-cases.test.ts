import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveSource } from '../../engine/config/resolve-source';
import { ConfigError } from '../../engine/errors';

/**
 * dlt's own configuration cases (tests/sources/rest_api/configurations in dlt's repository: source_configs.py and
 * the paginator, auth, incremental and resolve tests), restated as plain data. `how` says how dlt's answer is known:
 * 'dlt test' when dlt's suite asserts it, 'ran dlt' when it was decided by running dlt 1.31's rest_api_resources.
 * Cases that need Python objects (paginator or auth instances, DltResource, lambdas) are not plain data and are left
 * out; differences from dlt are listed in the README under "Differences from dlt" and tested at the end.
 */
type How = 'dlt test' | 'ran dlt';

const client = { base_url: 'https://api.example.com' };
const github = { base_url: 'https://github.com/api/v2' };
const one = (resource: unknown, extra: Record<string, unknown> = {}) => ({ client, resources: [resource], ...extra });
const paginated = (paginator: unknown) => one({ name: 'posts', endpoint: { path: 'posts', paginator } });
const authed = (auth: unknown) => ({ client: { ...client, auth }, resources: ['posts'] });
const commentsOf = (endpoint: unknown) => ({ client, resources: ['posts', { name: 'post_comments', endpoint }] });

const ACCEPTED: Array<[string, How, unknown]> = [
  [
    'a child bound by a resolve param in its path',
    'dlt test',
    commentsOf({
      path: 'posts/{post_id}/comments',
      params: { post_id: { type: 'resolve', resource: 'posts', field: 'id' } },
    }),
  ],
  [
    'a child bound by {resources.posts.id} in its path',
    'dlt test',
    commentsOf({ path: 'posts/{resources.posts.id}/comments' }),
  ],
  ['a child whose endpoint is only a path string', 'dlt test', commentsOf('posts/{resources.posts.id}/comments')],
  [
    'a json_link paginator by name',
    'dlt test',
    one({ name: 'posts', endpoint: { path: 'posts', params: { limit: 100 }, paginator: 'json_link' } }),
  ],
  ['a bearer auth with its type', 'dlt test', authed({ type: 'bearer', token: 'X' })],
  ['a bearer auth without a type', 'dlt test', authed({ token: 'X' })],
  [
    'a header_link paginator on the client',
    'dlt test',
    { client: { ...client, paginator: 'header_link' }, resources: ['users'] },
  ],
  [
    'an incremental query param',
    'dlt test',
    one({
      name: 'posts',
      endpoint: {
        path: 'posts',
        params: {
          limit: 100,
          since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-25T11:21:28Z' },
        },
        paginator: 'json_link',
      },
    }),
  ],
  [
    'an endpoint incremental with start and end params',
    'dlt test',
    one({
      name: 'posts',
      endpoint: {
        path: 'posts',
        paginator: 'json_link',
        incremental: {
          start_param: 'since',
          end_param: 'until',
          cursor_path: 'updated_at',
          initial_value: '2024-01-25T11:21:28Z',
        },
      },
    }),
  ],
  [
    'client headers and resources as a string, a name only and a path string',
    'dlt test',
    {
      client: { ...client, headers: { 'X-Test-Header': 'test42' } },
      resources: ['users', { name: 'users_2' }, { name: 'users_list', endpoint: 'users_list' }],
    },
  ],
  [
    'static params written into the path next to a resolve param',
    'dlt test',
    {
      client: github,
      resources: [
        { name: 'issues', endpoint: { path: '{org}/{repo}/issues/', params: { org: 'dlt-hub', repo: 'dlt' } } },
        {
          name: 'comments',
          endpoint: {
            path: '{org}/{repo}/issues/{id}/comments',
            params: { org: 'dlt-hub', repo: 'dlt', id: { type: 'resolve', resource: 'issues', field: 'id' } },
          },
        },
      ],
    },
  ],
  [
    'two fields of one parent in one path',
    'dlt test',
    {
      client,
      resources: ['users', { name: 'user_details', endpoint: 'user/{resources.users.id}/{resources.users.group}' }],
    },
  ],
  [
    'two children of one parent',
    'dlt test',
    {
      client,
      resources: [
        'posts',
        { name: 'comments', endpoint: 'posts/{resources.posts.id}/comments' },
        { name: 'likes', endpoint: 'posts/{resources.posts.id}/likes' },
      ],
    },
  ],
  [
    'a child of a child',
    'dlt test',
    {
      client,
      resources: [
        'locations',
        { name: 'location_details', endpoint: 'locations/{resources.locations.id}' },
        { name: 'meters', endpoint: 'locations/{resources.location_details.id}/meters' },
      ],
    },
  ],
  ['the auto paginator', 'dlt test', paginated({ type: 'auto' })],
  ['the single_page paginator', 'dlt test', paginated({ type: 'single_page' })],
  [
    'a page_number paginator',
    'dlt test',
    paginated({ type: 'page_number', page: 10, base_page: 1, total_path: 'response.pages' }),
  ],
  ['an offset paginator', 'dlt test', paginated({ type: 'offset', limit: 100, maximum_offset: 1000 })],
  ['a header_link paginator with its key', 'dlt test', paginated({ type: 'header_link', links_next_key: 'next_page' })],
  [
    'a header_cursor paginator',
    'dlt test',
    paginated({ type: 'header_cursor', cursor_key: 'X-Next-Cursor', cursor_param: 'cursor' }),
  ],
  [
    'a json_link paginator with its path',
    'dlt test',
    paginated({ type: 'json_link', next_url_path: 'response.nex_page_link' }),
  ],
  ['a cursor paginator', 'dlt test', paginated({ type: 'cursor', cursor_param: 'cursor' })],
  ...['json_link', 'header_link', 'auto', 'single_page', 'cursor', 'page_number', 'header_cursor', 'json_response'].map(
    (name): [string, How, unknown] => [`the paginator shorthand "${name}"`, 'ran dlt', paginated(name)],
  ),
  [
    'the legacy json_response paginator object',
    'dlt test',
    paginated({ type: 'json_response', next_url_path: 'next' }),
  ],
  ...['bearer', 'api_key', 'http_basic', 'oauth2_client_credentials'].map((name): [string, How, unknown] => [
    `the auth shorthand "${name}", credentials from secrets`,
    'dlt test',
    authed(name),
  ]),
  ['an api_key auth with its key from secrets', 'dlt test', authed({ type: 'api_key', location: 'cookie' })],
  [
    'an http_basic auth with its password from secrets',
    'dlt test',
    authed({ type: 'http_basic', username: 'username' }),
  ],
  [
    'an oauth2_client_credentials auth with client id and secret from secrets',
    'dlt test',
    authed({
      type: 'oauth2_client_credentials',
      access_token_url: 'https://example.com/oauth/token',
      access_token_request_data: { foo: 'bar' },
      default_token_expiration: 60,
    }),
  ],
  [
    'write_disposition as a dict with scd2 options',
    'ran dlt',
    one({
      name: 'a',
      write_disposition: { disposition: 'merge', strategy: 'scd2', validity_column_names: ['f', 't'] },
    }),
  ],
  ['columns as a list of hints', 'ran dlt', one({ name: 'a', columns: [{ name: 'id', data_type: 'bigint' }] })],
  [
    'explicit nulls',
    'ran dlt',
    one({ name: 'a', primary_key: null, endpoint: { path: 'a', data_selector: null, paginator: null } }),
  ],
  [
    'a null endpoint auth',
    'ran dlt',
    { client: { ...client, auth: { token: 'x' } }, resources: [{ name: 'a', endpoint: { path: 'a', auth: null } }] },
  ],
  [
    'an {incremental.start_value} placeholder with an endpoint incremental',
    'ran dlt',
    one({
      name: 'a',
      endpoint: {
        path: 'a',
        params: { since: '{incremental.start_value}' },
        incremental: { cursor_path: 'u', initial_value: '1' },
      },
    }),
  ],
  ['selected: false', 'ran dlt', one({ name: 'a', selected: false })],
  [
    'include_from_parent',
    'ran dlt',
    { client, resources: ['p', { name: 'a', endpoint: 'a/{resources.p.id}', include_from_parent: ['name'] }] },
  ],
  ['max_table_nesting', 'ran dlt', one({ name: 'a', max_table_nesting: 1 })],
  ['parallelized', 'ran dlt', one({ name: 'a', parallelized: true })],
];

const REJECTED: Array<[string, How, unknown, string]> = [
  ['no resources', 'dlt test', { client: { base_url: '' } }, 'resources is required'],
  [
    'no client',
    'dlt test',
    { resources: [] },
    '2 problems:\n  client is required\n  resources must name at least one resource',
  ],
  [
    'an unknown client key',
    'dlt test',
    { client: { ...client, invalid_key: 'value' }, resources: ['posts'] },
    "client has unknown key 'invalid_key' (known: base_url, headers, auth, paginator, retry, max_concurrency, requests_per_second)",
  ],
  [
    'an unknown paginator name',
    'dlt test',
    { client: { ...client, paginator: 'invalid_paginator' }, resources: ['posts'] },
    'client.paginator must be one of offset, page_number, cursor, json_link, header_link, header_cursor, single_page, auto, json_response, or a paginator object',
  ],
  [
    'a resolve param naming a missing resource',
    'dlt test',
    {
      client: github,
      resources: [
        'issues',
        {
          name: 'comments',
          endpoint: {
            path: 'issues/{id}/comments',
            params: { id: { type: 'resolve', resource: 'issuess', field: 'id' } },
          },
        },
      ],
    },
    "resources[1]: resource 'comments' names parent 'issuess', which is not a resource (known: issues, comments)",
  ],
  [
    'a path placeholder with no param',
    'dlt test',
    { client: github, resources: [{ name: 'issues', endpoint: { path: '{org}/{repo}/issues/' } }] },
    "resources[0].endpoint.path: placeholder '{org}' is not bound (give a param 'org', a resolve param, or {resources.<parent>.<field>})",
  ],
  [
    'one resource bound to two parents by resolve params',
    'dlt test',
    {
      client,
      resources: [
        'users',
        'groups',
        {
          name: 'user_details',
          endpoint: {
            path: 'user/{user_id}/{group_id}',
            params: {
              user_id: { type: 'resolve', field: 'id', resource: 'users' },
              group_id: { type: 'resolve', field: 'id', resource: 'groups' },
            },
          },
        },
      ],
    },
    "resources[2]: resource 'user_details' is bound to several parents ('users', 'groups'); a resource reads from one parent",
  ],
  [
    'one resource bound to two parents by placeholders',
    'dlt test',
    {
      client,
      resources: [
        'users',
        'groups',
        { name: 'user_details', endpoint: 'user/{resources.users.id}/{resources.groups.id}' },
      ],
    },
    "resources[2]: resource 'user_details' is bound to several parents ('users', 'groups'); a resource reads from one parent",
  ],
  [
    'resources that depend on each other',
    'dlt test',
    {
      client,
      resources: [
        { name: 'a', endpoint: 'a/{resources.b.id}' },
        { name: 'b', endpoint: 'b/{resources.a.id}' },
      ],
    },
    'resources form a cycle: a -> b -> a',
  ],
  [
    'a param of an unknown bound type',
    'dlt test',
    one({
      name: 'a',
      endpoint: { path: 'a', params: { since: { type: 'no_incremental', cursor_path: 'updated_at' } } },
    }),
    'resources[0].endpoint.params.since.type must be one of resolve, incremental',
  ],
  [
    'two incremental params',
    'dlt test',
    one({
      name: 'a',
      endpoint: {
        path: 'a',
        params: { first: { type: 'incremental', cursor_path: 'u' }, second: { type: 'incremental', cursor_path: 'c' } },
      },
    }),
    'resources[0].endpoint.params may hold one incremental param, not 2 (first, second)',
  ],
  [
    'an incremental param with an end value',
    'dlt test',
    one({
      name: 'a',
      endpoint: { path: 'a', params: { since: { type: 'incremental', cursor_path: 'u', end_value: '2025' } } },
    }),
    'resources[0].endpoint.params.since.end_value is not allowed in an incremental param; give end_value and end_param in endpoint.incremental',
  ],
  [
    'an incremental param with an end param',
    'ran dlt',
    one({
      name: 'a',
      endpoint: { path: 'a', params: { since: { type: 'incremental', cursor_path: 'u', end_param: 'until' } } },
    }),
    "resources[0].endpoint.params.since has unknown key 'end_param' (known: type, cursor_path, initial_value, end_value, last_value_func, lag, on_cursor_value_missing, row_order, primary_key, range_start, range_end, convert)",
  ],
  [
    'an unknown auth type',
    'dlt test',
    authed({ type: 'invalid' }),
    'client.auth.type must be one of bearer, api_key, http_basic, oauth2_client_credentials, oauth2',
  ],
  [
    'a resolve param the path does not use',
    'dlt test',
    commentsOf({ path: 'posts/1234/comments', params: { id: { type: 'resolve', resource: 'posts', field: 'id' } } }),
    'resources[1].endpoint.params.id: a resolve param must appear in the path as {id}; in other places use {resources.<parent>.<field>}',
  ],
  [
    'a params placeholder outside the resources context',
    'ran dlt',
    one({ name: 'a', endpoint: { path: 'a', params: { q: '{query}' } } }),
    "resources[0].endpoint.params: placeholder '{query}' is not bound (outside the path, placeholders are {resources.<parent>.<field>}; write {{ and }} for literal braces)",
  ],
  [
    'an {incremental.start_value} placeholder without an incremental',
    'ran dlt',
    one({ name: 'a', endpoint: { path: 'a', params: { since: '{incremental.start_value}' } } }),
    "resources[0].endpoint.params: placeholder '{incremental.start_value}' is not bound (outside the path, placeholders are {resources.<parent>.<field>}; write {{ and }} for literal braces)",
  ],
  [
    'a resources placeholder without a field',
    'ran dlt',
    { client, resources: ['p', { name: 'a', endpoint: 'a/{resources.p}' }] },
    "resources[1].endpoint: placeholder '{resources.p}' must have the form {resources.<parent>.<field>}",
  ],
  [
    'a paginator object without a type',
    'ran dlt',
    paginated({ next_url_path: 'n' }),
    'resources[0].endpoint.paginator.type is required',
  ],
  [
    'an unknown endpoint key',
    'ran dlt',
    one({ name: 'a', endpoint: { path: 'a', query: 1 } }),
    "resources[0].endpoint has unknown key 'query' (known: path, method, params, json, data, headers, paginator, data_selector, record_filter, response_actions, incremental, auth)",
  ],
  [
    'a PUT method',
    'ran dlt',
    one({ name: 'a', endpoint: { path: 'a', method: 'PUT' } }),
    'resources[0].endpoint.method must be GET or POST',
  ],
  ['a resource name used twice', 'ran dlt', { client, resources: ['a', 'a'] }, "resources: the name 'a' is used twice"],
  [
    'a resolve param without a field',
    'ran dlt',
    {
      client,
      resources: ['p', { name: 'a', endpoint: { path: 'a/{id}', params: { id: { type: 'resolve', resource: 'p' } } } }],
    },
    'resources[1].endpoint.params.id.field is required',
  ],
];

function problem(config: unknown): string | undefined {
  try {
    resolveSource(config, 'dlt_cases');
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

describe('configs dlt accepts are accepted', () => {
  for (const [what, how, config] of ACCEPTED) test(`${what} (${how})`, () => assert.equal(problem(config), undefined));
});

describe('configs dlt rejects are rejected, each with its exact error', () => {
  for (const [what, how, config, message] of REJECTED)
    test(`${what} (${how})`, () => assert.equal(problem(config), message));
});

/** Each documented difference (README, "Differences from dlt"): what dlt does, and what sluice does instead. */
const DIFFERENCES: Array<[string, unknown, string | undefined]> = [
  [
    'an offset paginator without a limit: dlt refuses it, sluice pages by the endpoint limit or 100',
    paginated('offset'),
    undefined,
  ],
  [
    'credentials left out: dlt needs them when the source is built, sluice reads the secrets in the worker',
    authed('api_key'),
    undefined,
  ],
  [
    'processing_steps as templates: dlt needs Python callables',
    one({ name: 'a', processing_steps: [{ filter: '{{ record.id > 1 }}' }] }),
    undefined,
  ],
  [
    'an empty resource list: dlt builds an empty source, sluice refuses it',
    { client, resources: [] },
    'resources must name at least one resource',
  ],
  [
    'an incremental param next to endpoint.incremental: dlt silently keeps the param, sluice refuses both',
    one({
      name: 'a',
      endpoint: {
        path: 'a',
        params: { s: { type: 'incremental', cursor_path: 'u' } },
        incremental: { cursor_path: 'v' },
      },
    }),
    'resources[0].endpoint: params.s is an incremental param and endpoint.incremental is set too; a resource has one incremental',
  ],
  [
    'an unreadable data selector: dlt fails on the first page, sluice before any request',
    one({ name: 'a', endpoint: { path: 'a', data_selector: '$.data[' } }),
    "resources[0].endpoint.data_selector: '$.data[' is not a valid JSONPath (unclosed bracketed selection ('$.data[':7))",
  ],
  [
    'an unknown column hint: dlt accepts it when the source is built, sluice refuses it',
    one({ name: 'a', columns: { id: { type: 'text' } } }),
    "resources[0].columns.id has unknown key 'type' (known: name, data_type, nullable, primary_key, precision, scale, timezone, description, unique, sort, partition, cluster, merge_key, row_key, parent_key, root_key, hard_delete, dedup_sort, variant, incremental)",
  ],
  [
    'the hard_delete hint, which sluice does not implement',
    one({ name: 'a', columns: { d: { hard_delete: true } } }),
    'resources[0].columns.d.hard_delete is not supported by sluice',
  ],
  [
    'write disposition skip, which sluice does not implement',
    one({ name: 'a', write_disposition: 'skip' }),
    'resources[0].write_disposition must be append, replace or merge, or {disposition, strategy}',
  ],
  [
    'merge strategies insert-only and cdc, which sluice does not implement',
    one({ name: 'a', write_disposition: { disposition: 'merge', strategy: 'insert-only' } }),
    'resources[0].write_disposition.strategy must be delete-insert, upsert or scd2',
  ],
  [
    "scd2's active_record_timestamp, which sluice does not implement",
    one({
      name: 'a',
      write_disposition: { disposition: 'merge', strategy: 'scd2', active_record_timestamp: '9999-12-31' },
    }),
    "resources[0].write_disposition has unknown key 'active_record_timestamp' (known: disposition, strategy, validity_column_names)",
  ],
  [
    'scd2 with a merge_key, which sluice does not implement',
    one({ name: 'a', merge_key: 'id', write_disposition: { disposition: 'merge', strategy: 'scd2' } }),
    'resources[0]: scd2 with a merge_key (retiring only the keys a load saw) is not supported by sluice',
  ],
  [
    'table_format and other destination hints, which sluice does not implement',
    one({ name: 'a', table_format: 'delta' }),
    "resources[0] has unknown key 'table_format' (known: name, endpoint, primary_key, merge_key, write_disposition, columns, table_name, selected, include_from_parent, processing_steps, max_table_nesting, parallelized, parent)",
  ],
];

describe('documented differences from dlt', () => {
  for (const [what, config, message] of DIFFERENCES) test(what, () => assert.equal(problem(config), message));
});
