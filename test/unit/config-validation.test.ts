import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveSource } from '../../engine/config/resolve-source';
import { configProblems } from '../../engine/config/validate-config';
import { ConfigError } from '../../engine/errors';

const base = (resource: unknown, extra: Record<string, unknown> = {}) => ({
  client: { base_url: 'https://api.test' },
  resources: [resource],
  ...extra,
});
const withEndpoint = (endpoint: unknown) => base({ name: 'r', endpoint });
const withPaginator = (paginator: unknown) => withEndpoint({ path: '/r', paginator });
const withAuth = (auth: unknown) => ({ client: { base_url: 'https://api.test', auth }, resources: ['r'] });

/** Each invalid config and the exact first problem it must produce. */
const INVALID: Array<[string, unknown, string]> = [
  ['a config that is not an object', 42, 'config must be an object'],
  ['no client', { resources: ['r'] }, 'client is required'],
  ['no resources', { client: { base_url: 'x' } }, 'resources is required'],
  ['an empty resource list', { client: { base_url: 'x' }, resources: [] }, 'resources must name at least one resource'],
  [
    'resources that are not a list',
    { client: { base_url: 'x' }, resources: {} },
    'resources must be a list of resources',
  ],
  ['no base_url', { client: {}, resources: ['r'] }, 'client.base_url is required'],
  ['a numeric base_url', { client: { base_url: 5 }, resources: ['r'] }, 'client.base_url must be a string'],
  [
    'an unknown client key',
    { client: { base_url: 'x', timeout: 5 }, resources: ['r'] },
    "client has unknown key 'timeout' (known: base_url, headers, auth, paginator, retry, max_concurrency, requests_per_second)",
  ],
  [
    'an unknown top-level key',
    { client: { base_url: 'x' }, resources: ['r'], sources: [] },
    "config has unknown key 'sources' (known: client, resource_defaults, resources)",
  ],
  ['a resource without a name', base({ endpoint: '/x' }), 'resources[0].name is required'],
  ['a resource that is a number', base(7), 'resources[0] must be a resource name or a resource object with a name'],
  [
    'an unknown resource key',
    base({ name: 'r', primary: 'id' }),
    "resources[0] has unknown key 'primary' (known: name, endpoint, primary_key, merge_key, write_disposition, columns, table_name, selected, include_from_parent, processing_steps, max_table_nesting, parallelized, parent)",
  ],
  [
    'an unknown write disposition',
    base({ name: 'r', write_disposition: 'upsert' }),
    'resources[0].write_disposition must be append, replace or merge, or {disposition, strategy}',
  ],
  [
    'a numeric primary key',
    base({ name: 'r', primary_key: 1 }),
    'resources[0].primary_key must be a string or a list of strings',
  ],
  ['selected that is not a boolean', base({ name: 'r', selected: 'yes' }), 'resources[0].selected must be a boolean'],
  [
    'a negative max_table_nesting',
    base({ name: 'r', max_table_nesting: -1 }),
    'resources[0].max_table_nesting must be a non-negative integer',
  ],
  [
    'an unknown column hint',
    base({ name: 'r', columns: { id: { type: 'text' } } }),
    "resources[0].columns.id has unknown key 'type' (known: name, data_type, nullable, primary_key, precision, scale, timezone, description, unique, sort, partition, cluster, merge_key, row_key, parent_key, root_key, hard_delete, dedup_sort, variant, incremental)",
  ],
  [
    'an unknown column data type',
    base({ name: 'r', columns: { id: { data_type: 'varchar' } } }),
    'resources[0].columns.id.data_type must be one of text, bigint, double, bool, timestamp, date, json, decimal, binary',
  ],
  [
    'an unknown endpoint key',
    withEndpoint({ path: '/r', query: {} }),
    "resources[0].endpoint has unknown key 'query' (known: path, method, params, json, data, headers, paginator, data_selector, record_filter, response_actions, incremental, auth)",
  ],
  ['a PUT method', withEndpoint({ path: '/r', method: 'PUT' }), 'resources[0].endpoint.method must be GET or POST'],
  [
    'params that are a list',
    withEndpoint({ path: '/r', params: [1] }),
    'resources[0].endpoint.params must be an object',
  ],
  [
    'an unknown paginator type',
    withPaginator({ type: 'magic' }),
    'resources[0].endpoint.paginator.type must be one of offset, page_number, cursor, json_link, header_link, header_cursor, single_page, auto, json_response',
  ],
  [
    'an unknown paginator name',
    withPaginator('magic'),
    'resources[0].endpoint.paginator must be one of offset, page_number, cursor, json_link, header_link, header_cursor, single_page, auto, json_response, or a paginator object',
  ],
  [
    'a zero offset limit',
    withPaginator({ type: 'offset', limit: 0 }),
    'resources[0].endpoint.paginator.limit must be a positive integer',
  ],
  [
    'a fractional offset limit',
    withPaginator({ type: 'offset', limit: 2.5 }),
    'resources[0].endpoint.paginator.limit must be a positive integer',
  ],
  [
    'a string offset limit',
    withPaginator({ type: 'offset', limit: '100' }),
    'resources[0].endpoint.paginator.limit must be a positive integer',
  ],
  [
    'a negative offset',
    withPaginator({ type: 'offset', offset: -5 }),
    'resources[0].endpoint.paginator.offset must be a non-negative integer',
  ],
  [
    'an offset key on a cursor paginator',
    withPaginator({ type: 'cursor', offset_param: 'o' }),
    "resources[0].endpoint.paginator has unknown key 'offset_param' (known: type, cursor_path, cursor_param, cursor_body_path, cursor_value, stop_condition, limit, limit_param, stop_after_empty_page)",
  ],
  [
    'a page_number base_page below zero',
    withPaginator({ type: 'page_number', base_page: -1 }),
    'resources[0].endpoint.paginator.base_page must be a non-negative integer',
  ],
  [
    'a non-string cursor_value',
    withPaginator({ type: 'cursor', cursor_value: 5 }),
    'resources[0].endpoint.paginator.cursor_value must be a string',
  ],
  [
    'stop_after_empty_page as a string',
    withPaginator({ type: 'offset', limit: 5, stop_after_empty_page: 'yes' }),
    'resources[0].endpoint.paginator.stop_after_empty_page must be a boolean',
  ],
  [
    'an unknown auth type',
    withAuth({ type: 'kerberos' }),
    'client.auth.type must be one of bearer, api_key, http_basic, oauth2_client_credentials, oauth2',
  ],
  [
    'an oauth2 auth without client_id',
    withAuth({ type: 'oauth2', token_url: 'x' }),
    'client.auth.client_id is required',
  ],
  [
    'an api_key in an unknown location',
    withAuth({ type: 'api_key', api_key: 'k', location: 'body' }),
    'client.auth.location must be one of header, query, cookie',
  ],
  [
    'a malformed secret reference',
    withAuth({ type: 'bearer', token: { secret: 'x' } }),
    'client.auth.token.$secret is required',
  ],
  [
    'an incremental without cursor_path',
    withEndpoint({ path: '/r', incremental: { start_param: 's' } }),
    'resources[0].endpoint.incremental.cursor_path is required',
  ],
  [
    'an unknown last_value_func',
    withEndpoint({ path: '/r', incremental: { cursor_path: 'u', last_value_func: 'avg' } }),
    'resources[0].endpoint.incremental.last_value_func must be one of max, min',
  ],
  [
    'a processing step with an unknown key',
    base({ name: 'r', processing_steps: [{ reduce: 'x' }] }),
    "resources[0].processing_steps[0] has unknown key 'reduce' (known: filter, map)",
  ],
  [
    'a negative retry attempt count',
    { client: { base_url: 'x', retry: { max_attempts: 0 } }, resources: ['r'] },
    'client.retry.max_attempts must be a positive integer',
  ],
  [
    'a fractional max_concurrency',
    { client: { base_url: 'x', max_concurrency: 2.5 }, resources: ['r'] },
    'client.max_concurrency must be a positive integer',
  ],
  [
    'a max_concurrency of 0',
    { client: { base_url: 'x', max_concurrency: 0 }, resources: ['r'] },
    'client.max_concurrency must be a positive integer',
  ],
  [
    'a max_concurrency over 64',
    { client: { base_url: 'x', max_concurrency: 65 }, resources: ['r'] },
    'client.max_concurrency must be at most 64',
  ],
  [
    'a requests_per_second of 0',
    { client: { base_url: 'x', requests_per_second: 0 }, resources: ['r'] },
    'client.requests_per_second must be a positive number',
  ],
  [
    'a requests_per_second given as text',
    { client: { base_url: 'x', requests_per_second: '5' }, resources: ['r'] },
    'client.requests_per_second must be a positive number',
  ],
];

describe('invalid configs are refused with the exact path and reason', () => {
  for (const [name, config, message] of INVALID) {
    test(name, () => {
      assert.equal(configProblems(config)[0], message);
    });
  }
  test('every problem is reported, not only the first', () => {
    const problems = configProblems({ client: { base_url: 1 }, resources: [{ name: 'a', write_disposition: 'x' }, 5] });
    assert.equal(problems.length, 3);
  });
});

/** Semantic errors found while resolving, after the schema passed. */
const UNRESOLVABLE: Array<[string, unknown, RegExp]> = [
  [
    'a duplicate resource name',
    { client: { base_url: 'x' }, resources: ['a', 'a'] },
    /^resources: the name 'a' is used twice$/,
  ],
  [
    'an unknown explicit parent',
    base({ name: 'c', parent: { resource: 'p' } }),
    /^resources\[0\]: resource 'c' names parent 'p', which is not a resource \(known: c\)$/,
  ],
  [
    'a partition key that matches no resource',
    base({ name: 'c', endpoint: '/x/{{ stream_slice.widget_id }}' }),
    /^resource 'c' uses partition key 'widget_id' but no resource is named 'widget' or 'widgets'/,
  ],
  [
    'an ambiguous partition key',
    {
      client: { base_url: 'x' },
      resources: ['file', 'files', { name: 'c', endpoint: '/f/{{ stream_slice.file_id }}' }],
    },
    /^resource 'c': partition key 'file_id' could mean 'file' or 'files'/,
  ],
  [
    'a parent cycle',
    {
      client: { base_url: 'x' },
      resources: [
        { name: 'a', parent: { resource: 'b' } },
        { name: 'b', parent: { resource: 'a' } },
      ],
    },
    /^resources form a cycle: a -> b -> a$/,
  ],
];

describe('configs that validate but cannot be resolved', () => {
  for (const [name, config, message] of UNRESOLVABLE) {
    test(name, () =>
      assert.throws(
        () => resolveSource(config, 's'),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      ),
    );
  }
});

describe('defaults merge as in dlt', () => {
  test('resource keys override defaults; params merge one level deep', () => {
    const source = resolveSource(
      {
        client: { base_url: 'https://h/v2' },
        resource_defaults: {
          primary_key: 'id',
          write_disposition: 'merge',
          endpoint: { params: { limit: 100, sort: 'asc' } },
        },
        resources: [
          { name: 'files', endpoint: { path: '/files', params: { sort: 'desc' } } },
          { name: 'teams', write_disposition: 'append' },
        ],
      },
      's',
    );
    const [files, teams] = source.resources;
    assert.deepEqual(files!.endpoint.params, { limit: 100, sort: 'desc' });
    assert.equal(files!.table.writeDisposition, 'merge');
    assert.deepEqual(files!.table.primaryKey, ['id']);
    assert.equal(teams!.table.writeDisposition, 'append');
    assert.equal(teams!.endpoint.path, 'teams');
    assert.deepEqual(teams!.endpoint.params, { limit: 100, sort: 'asc' });
  });

  test('a string resource means its name as the path', () => {
    const [resource] = resolveSource({ client: { base_url: 'x' }, resources: ['users'] }, 's').resources;
    assert.equal(resource!.name, 'users');
    assert.equal(resource!.endpoint.path, 'users');
  });

  test('children follow their parents, whatever the written order', () => {
    const source = resolveSource(
      {
        client: { base_url: 'x' },
        resources: [{ name: 'comments', endpoint: '/posts/{{ stream_partition.post_id }}/comments' }, 'posts'],
      },
      's',
    );
    assert.deepEqual(
      source.resources.map((r) => r.name),
      ['posts', 'comments'],
    );
    assert.deepEqual(source.resources[1]!.parent, { resource: 'posts', field: 'id', as: 'post_id' });
  });

  test("dlt's resolve params and explicit parents are accepted as written", () => {
    const source = resolveSource(
      {
        client: { base_url: 'x' },
        resources: [
          'issues',
          {
            name: 'comments',
            endpoint: {
              path: '/issues/{issue_number}/comments',
              params: { issue_number: { type: 'resolve', resource: 'issues', field: 'number' } },
            },
          },
          {
            name: 'labels',
            parent: { resource: 'issues', field: 'node_id', as: 'node' },
            endpoint: '/labels/{{ stream_partition.node }}',
          },
        ],
      },
      's',
    );
    assert.deepEqual(source.resources.find((r) => r.name === 'comments')!.parent, {
      resource: 'issues',
      field: 'number',
      as: 'issue_number',
    });
    assert.deepEqual(source.resources.find((r) => r.name === 'comments')!.endpoint.params, {});
    assert.deepEqual(source.resources.find((r) => r.name === 'labels')!.parent, {
      resource: 'issues',
      field: 'node_id',
      as: 'node',
    });
  });
});

describe('selected: false', () => {
  test('a resource that feeds nobody is dropped', () => {
    const source = resolveSource({ client: { base_url: 'x' }, resources: ['a', { name: 'b', selected: false }] }, 's');
    assert.deepEqual(
      source.resources.map((r) => r.name),
      ['a'],
    );
  });

  test('a parent still runs for its children, into an internal table', () => {
    const source = resolveSource(
      {
        client: { base_url: 'x' },
        resources: [
          { name: 'posts', selected: false },
          { name: 'comments', endpoint: '/posts/{{ stream_partition.post_id }}/comments' },
        ],
      },
      's',
    );
    assert.deepEqual(
      source.resources.map((r) => [r.name, r.table.tableName]),
      [
        ['posts', '_sluice_unselected__posts'],
        ['comments', 'comments'],
      ],
    );
  });
});
