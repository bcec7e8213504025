import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveSource } from '../../engine/config/resolve-source';
import { configProblems } from '../../engine/config/validate-config';
import { buildRequest, requestUrl } from '../../engine/http/build-request';
import { applyIncremental, startIncremental, trackIncremental, type IncrementalConfig } from '../../engine/incremental';
import type { JsonObject } from '../../engine/json';

const client = { base_url: 'https://api.test' };
const withParams = (params: unknown, extra: Record<string, unknown> = {}) => ({
  client,
  resources: [{ name: 'posts', endpoint: { path: 'posts', params, ...extra } }],
});

describe('incremental as a query parameter', () => {
  const config = withParams({
    limit: 100,
    since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-25T11:21:28Z' },
  });

  test('becomes the resource incremental with the param as its start param', () => {
    const endpoint = resolveSource(config, 's').resources[0]!.endpoint;
    assert.deepEqual(endpoint.params, { limit: 100 });
    assert.deepEqual(endpoint.incremental, {
      cursor_path: 'updated_at',
      initial_value: '2024-01-25T11:21:28Z',
      start_param: 'since',
    });
  });

  test('sends the start value as the param, never the object as JSON', () => {
    const source = resolveSource(config, 's');
    const endpoint = source.resources[0]!.endpoint;
    const request = applyIncremental(
      buildRequest(source.client, endpoint),
      endpoint.incremental!,
      startIncremental(endpoint.incremental!, undefined),
    );
    assert.equal(requestUrl(request), 'https://api.test/posts?limit=100&since=2024-01-25T11%3A21%3A28Z');
  });

  test('sends the value through convert', () => {
    const source = resolveSource(
      withParams({
        since: { type: 'incremental', cursor_path: 'id', initial_value: 7, convert: '{{ value * 1000 }}' },
      }),
      's',
    );
    const endpoint = source.resources[0]!.endpoint;
    const request = applyIncremental(
      buildRequest(source.client, endpoint),
      endpoint.incremental!,
      startIncremental(endpoint.incremental!, 9),
    );
    assert.equal(requestUrl(request), 'https://api.test/posts?since=9000');
  });

  const INVALID: Array<[string, unknown, string]> = [
    [
      'two incremental params',
      withParams({ a: { type: 'incremental', cursor_path: 'x' }, b: { type: 'incremental', cursor_path: 'y' } }),
      'resources[0].endpoint.params may hold one incremental param, not 2 (a, b)',
    ],
    [
      'an unknown param type',
      withParams({ a: { type: 'lookup', cursor_path: 'x' } }),
      'resources[0].endpoint.params.a.type must be one of resolve, incremental',
    ],
    [
      'an incremental param without a cursor path',
      withParams({ a: { type: 'incremental', initial_value: 1 } }),
      'resources[0].endpoint.params.a.cursor_path is required',
    ],
    [
      'an unknown key in an incremental param',
      withParams({ a: { type: 'incremental', cursor_path: 'x', start: 1 } }),
      "resources[0].endpoint.params.a has unknown key 'start' (known: type, cursor_path, initial_value, end_value, last_value_func, lag, on_cursor_value_missing, row_order, primary_key, range_start, range_end, convert)",
    ],
    [
      'an end value in an incremental param',
      withParams({ a: { type: 'incremental', cursor_path: 'x', end_value: 5 } }),
      'resources[0].endpoint.params.a.end_value is not allowed in an incremental param; give end_value and end_param in endpoint.incremental',
    ],
  ];
  for (const [name, bad, message] of INVALID)
    test(`refuses ${name}`, () => assert.deepEqual(configProblems(bad), [message]));

  test('refuses an incremental param next to endpoint.incremental', () =>
    assert.throws(
      () =>
        resolveSource(
          withParams({ a: { type: 'incremental', cursor_path: 'x' } }, { incremental: { cursor_path: 'y' } }),
          's',
        ),
      /^ConfigError: resources\[0\]\.endpoint: params\.a is an incremental param and endpoint\.incremental is set too; a resource has one incremental$/,
    ));

  test('refuses a convert that is not a template', () =>
    assert.throws(
      () => resolveSource(withParams({ a: { type: 'incremental', cursor_path: 'x', convert: 'int' } }), 's'),
      /^ConfigError: resources\[0\]\.endpoint\.params\.a\.convert must be a template/,
    ));
});

describe('the incremental boundary', () => {
  const rows = (...values: Array<[number, string]>): JsonObject[] => values.map(([id, at]) => ({ id, at }));

  /** Two loads: the first ends on `at = 2`, the second reads the boundary again. */
  function secondLoad(config: IncrementalConfig, first: JsonObject[], second: JsonObject[]): JsonObject[] {
    const one = trackIncremental(first, config, startIncremental(config, undefined), 'r');
    const two = startIncremental(config, one.state.last, one.state);
    return trackIncremental(second, config, two, 'r').records;
  }

  test('a record at the last loaded value is not loaded again, by primary key', () =>
    assert.deepEqual(
      secondLoad(
        { cursor_path: 'at', primary_key: ['id'] },
        rows([1, '1'], [2, '2'], [3, '2']),
        rows([2, '2'], [3, '2'], [4, '2'], [5, '3']),
      ),
      rows([4, '2'], [5, '3']),
    ));

  test('without a primary key the boundary is deduplicated by content', () => {
    const config = { cursor_path: 'at' };
    const kept = secondLoad(
      config,
      [{ at: '2', v: 'a' }],
      [
        { at: '2', v: 'a' },
        { v: 'b', at: '2' },
      ],
    );
    assert.deepEqual(kept, [{ v: 'b', at: '2' }]);
  });

  test('an empty primary key turns deduplication off, as in dlt', () =>
    assert.deepEqual(
      secondLoad({ cursor_path: 'at', primary_key: [] }, rows([1, '2']), rows([1, '2'])),
      rows([1, '2']),
    ));

  test('an open range start drops every record at the start', () =>
    assert.deepEqual(
      secondLoad({ cursor_path: 'at', range_start: 'open' }, rows([1, '2']), rows([2, '2'], [3, '3'])),
      rows([3, '3']),
    ));

  test('a closed range end keeps the record at the end value', () => {
    const config: IncrementalConfig = { cursor_path: 'at', end_value: '3', range_end: 'closed' };
    const { records } = trackIncremental(rows([1, '3'], [2, '4']), config, startIncremental(config, undefined), 'r');
    assert.deepEqual(records, rows([1, '3']));
  });

  test('the resource primary key is the boundary identity unless the incremental names one', () => {
    const source = resolveSource(
      {
        client,
        resources: [{ name: 'r', primary_key: 'id', endpoint: { path: 'r', incremental: { cursor_path: 'at' } } }],
      },
      's',
    );
    assert.deepEqual(source.resources[0]!.endpoint.incremental!.primary_key, ['id']);
  });
});

describe('an incremental window with an end value', () => {
  const config: IncrementalConfig = { cursor_path: 'at', primary_key: ['id'], initial_value: '1', end_value: '5' };

  test('starts every load at initial_value and loads the window again, as dlt keeps no cursor for it', () => {
    const rows = [
      { id: 1, at: '2' },
      { id: 2, at: '4' },
    ];
    const one = trackIncremental(rows, config, startIncremental(config, undefined), 'r');
    const two = startIncremental(config, one.state.last, one.state);
    assert.deepEqual(two, { start: '1', last: '1' });
    assert.deepEqual(trackIncremental(rows, config, two, 'r').records, rows);
  });

  const withWindow = (incremental: Record<string, unknown>) => ({
    client,
    resources: [{ name: 'r', endpoint: { path: 'r', incremental: { cursor_path: 'at', ...incremental } } }],
  });
  // Each decided by running dlt 1.31, which refuses the same windows before its first request.
  const INVALID: Array<[string, Record<string, unknown>, string]> = [
    [
      'an end value without an initial value',
      { end_value: 5 },
      'resources[0].endpoint.incremental.end_value needs initial_value, as in dlt',
    ],
    [
      'an end value below the initial value',
      { initial_value: 5, end_value: 3 },
      'resources[0].endpoint.incremental.end_value must be higher than initial_value 5',
    ],
    [
      'an end value above the initial value under min',
      { initial_value: 1, end_value: 3, last_value_func: 'min' },
      'resources[0].endpoint.incremental.end_value must be lower than initial_value 1',
    ],
    [
      'an end value of another type than the initial value',
      { initial_value: '5', end_value: 7 },
      'resources[0].endpoint.incremental.end_value cannot be compared with initial_value "5"',
    ],
  ];
  for (const [name, incremental, message] of INVALID)
    test(`refuses ${name}`, () => assert.deepEqual(configProblems(withWindow(incremental)), [message]));

  test('accepts an end value equal to the initial value', () =>
    assert.deepEqual(configProblems(withWindow({ initial_value: 3, end_value: 3 })), []));
});
