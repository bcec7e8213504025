import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveSource } from '../../engine/config/resolve-source';
import { ConfigError } from '../../engine/errors';
import type { JsonValue } from '../../engine/json';
import { selectAll } from '../../engine/json-path';
import { selectRecords } from '../../engine/records/select-records';

const body: JsonValue = {
  data: {
    items: [
      { id: 1, kind: 'a' },
      { id: 2, kind: 'b' },
      { id: 3, kind: 'a' },
    ],
  },
  'odd-key': { v: 1 },
  'a.b': 2,
};

describe('JSONPath, as RFC 9535 and dlt read it', () => {
  const cases: Array<[string, string, JsonValue[]]> = [
    ['a path without $', 'data.items[0].id', [1]],
    ['a path with $', '$.data.items[1].id', [2]],
    ['a wildcard', 'data.items.*.id', [1, 2, 3]],
    ['recursive descent', '$..id', [1, 2, 3]],
    ['a filter', "$.data.items[?@.kind == 'a'].id", [1, 3]],
    ["jsonpath-ng's parenthesised filter", "$.data.items[?(@.kind == 'b')].id", [2]],
    ['a slice', '$.data.items[0:2].id', [1, 2]],
    ['a dotted index', 'data.items.2.id', [3]],
    ['a key with a dash', 'odd-key.v', [1]],
    ['an escaped dot', 'a\\.b', [2]],
    ['a missing key', 'data.nothing', []],
  ];
  for (const [what, path, expected] of cases)
    test(`reads ${what}`, () => assert.deepEqual(selectAll(body, path), expected));

  test('a filter selects records', () =>
    assert.deepEqual(selectRecords(body, "$.data.items[?@.kind == 'b']"), [{ id: 2, kind: 'b' }]));

  const resource = (endpoint: unknown) => ({
    client: { base_url: 'https://api.test' },
    resources: [{ name: 'r', endpoint }],
  });
  const INVALID: Array<[string, unknown, string]> = [
    ['data selector', { path: 'r', data_selector: '$.data[' }, 'resources[0].endpoint.data_selector'],
    [
      'paginator path',
      { path: 'r', paginator: { type: 'json_link', next_url_path: 'a[?' } },
      'resources[0].endpoint.paginator.next_url_path',
    ],
    [
      'incremental cursor',
      { path: 'r', incremental: { cursor_path: '$[' } },
      'resources[0].endpoint.incremental.cursor_path',
    ],
  ];
  for (const [what, endpoint, where] of INVALID)
    test(`an invalid ${what} is a config error naming its path`, () =>
      assert.throws(
        () => resolveSource(resource(endpoint), 's'),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message.startsWith(`${where}: '`) &&
          error.message.includes('is not a valid JSONPath'),
      ));
});
