import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveSource } from '../../engine/config/resolve-source';
import { configProblems } from '../../engine/config/validate-config';
import { createPaginator } from '../../engine/paginators';

const client = { base_url: 'https://api.test' };
const resolve = (config: unknown) => resolveSource(config, 's');
const one = (resource: unknown, extra: Record<string, unknown> = {}) =>
  resolve({ client, resources: [resource], ...extra }).resources[0]!;
const clientAuth = (auth: unknown) => resolve({ client: { ...client, auth }, resources: ['r'] }).client.auth;

describe("dlt's auth shorthands", () => {
  test('an auth without a type is bearer', () =>
    assert.deepEqual(clientAuth({ token: 'X' }), { type: 'bearer', token: 'X' }));

  const table: Array<[string, unknown]> = [
    ['bearer', { type: 'bearer', token: { $secret: 'credentials.token' } }],
    ['api_key', { type: 'api_key', api_key: { $secret: 'credentials.api_key' } }],
    [
      'http_basic',
      {
        type: 'http_basic',
        username: { $secret: 'credentials.username' },
        password: { $secret: 'credentials.password' },
      },
    ],
    [
      'oauth2_client_credentials',
      {
        type: 'oauth2_client_credentials',
        client_id: { $secret: 'credentials.client_id' },
        client_secret: { $secret: 'credentials.client_secret' },
      },
    ],
  ];
  for (const [shorthand, expanded] of table)
    test(`"${shorthand}" reads its credentials from secrets`, () => assert.deepEqual(clientAuth(shorthand), expanded));

  test('a credential left out of an auth object is read from secrets, as dlt injects it', () =>
    assert.deepEqual(clientAuth({ type: 'api_key', location: 'cookie' }), {
      type: 'api_key',
      location: 'cookie',
      api_key: { $secret: 'credentials.api_key' },
    }));

  test('an unknown auth name is refused', () =>
    assert.match(configProblems({ client: { ...client, auth: 'kerberos' }, resources: ['r'] })[0]!, /^client\.auth /));
});

describe("dlt's paginator names", () => {
  for (const name of [
    'json_link',
    'header_link',
    'auto',
    'single_page',
    'cursor',
    'offset',
    'page_number',
    'header_cursor',
  ])
    test(`"${name}" is a paginator of that type`, () => {
      const endpoint = one({ name: 'r', endpoint: { path: 'r', paginator: name } }).endpoint;
      assert.equal(createPaginator(endpoint.paginator).type, name);
    });

  test('json_response is the JSON link paginator, not a cursor', () => {
    assert.deepEqual(one({ name: 'r', endpoint: { path: 'r', paginator: 'json_response' } }).endpoint.paginator, {
      type: 'json_link',
    });
    const paginator = one({
      name: 'r',
      endpoint: { path: 'r', paginator: { type: 'json_response', next_url_path: 'a.next' } },
    }).endpoint.paginator;
    assert.deepEqual(paginator, { type: 'json_link', next_url_path: 'a.next' });
    const walker = createPaginator(paginator);
    const next = walker.next(
      { url: 'https://api.test/r', status: 200, headers: {}, body: { a: { next: '/r?page=2' } }, records: [{}] },
      walker.initialState(),
    );
    assert.deepEqual(next, { url: 'https://api.test/r?page=2' });
  });
});

describe('write_disposition as a dict', () => {
  for (const strategy of ['delete-insert', 'upsert', 'scd2'] as const)
    test(`merge with strategy ${strategy} reaches the table spec`, () => {
      const table = one({ name: 'r', primary_key: 'id', write_disposition: { disposition: 'merge', strategy } }).table;
      assert.equal(table.writeDisposition, 'merge');
      assert.equal(table.mergeStrategy, strategy);
    });

  test("scd2's options are carried as written", () => {
    const table = one({
      name: 'r',
      write_disposition: { disposition: 'merge', strategy: 'scd2', validity_column_names: ['from', 'to'] },
    }).table;
    assert.deepEqual(table.mergeOptions, { validity_column_names: ['from', 'to'] });
  });

  test('a plain disposition in dict form is that disposition', () =>
    assert.equal(one({ name: 'r', write_disposition: { disposition: 'replace' } }).table.writeDisposition, 'replace'));

  test('a strategy on a disposition other than merge is refused', () =>
    assert.throws(
      () => one({ name: 'r', write_disposition: { disposition: 'append', strategy: 'upsert' } }),
      /^ConfigError: resources\[0\]\.write_disposition: a strategy and its options apply only to merge$/,
    ));

  test('an unknown strategy is refused with its path', () =>
    assert.deepEqual(
      configProblems({
        client,
        resources: [{ name: 'r', write_disposition: { disposition: 'merge', strategy: 'cdc' } }],
      }),
      ['resources[0].write_disposition.strategy must be delete-insert, upsert or scd2'],
    ));
});

describe('explicit null means unset', () => {
  test('null selector, paginator, primary key and table name are the defaults', () => {
    const resource = one({
      name: 'r',
      primary_key: null,
      table_name: null,
      write_disposition: null,
      endpoint: { path: 'r', data_selector: null, paginator: null, params: { a: 1 } },
    });
    assert.equal(resource.endpoint.dataSelector, undefined);
    assert.equal(resource.endpoint.paginator, undefined);
    assert.deepEqual(resource.table.primaryKey, []);
    assert.equal(resource.table.tableName, 'r');
    assert.equal(resource.table.writeDisposition, 'append');
  });

  test('a null endpoint auth falls back to the client auth, as in dlt', () => {
    const resource = one({ name: 'r', endpoint: { path: 'r', auth: null } });
    assert.equal(resource.endpoint.auth, undefined);
  });

  test('null resource_defaults are no defaults', () => assert.equal(one('r', { resource_defaults: null }).name, 'r'));
});

describe('column hints', () => {
  test('every hint dlt accepts is accepted', () => {
    const hints = {
      name: 'id',
      data_type: 'bigint',
      nullable: false,
      primary_key: true,
      precision: 10,
      scale: 0,
      timezone: true,
      description: 'the id',
      unique: true,
      sort: true,
      partition: false,
      cluster: false,
      merge_key: true,
      row_key: false,
      parent_key: false,
      root_key: false,
      variant: false,
      incremental: false,
    };
    const table = one({ name: 'r', columns: { id: hints } }).table;
    assert.deepEqual(table.primaryKey, ['id']);
    assert.deepEqual(table.mergeKey, ['id']);
  });

  test('columns may be a list of hints with names', () =>
    assert.deepEqual(one({ name: 'r', columns: [{ name: 'id', data_type: 'bigint' }] }).table.columns, {
      id: { name: 'id', data_type: 'bigint' },
    }));

  test('a hint that would change which rows load, and that sluice lacks, is refused', () =>
    assert.throws(
      () => one({ name: 'r', columns: { deleted: { hard_delete: true } } }),
      /^ConfigError: resources\[0\]\.columns\.deleted\.hard_delete is not supported by sluice$/,
    ));
});
