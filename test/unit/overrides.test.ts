import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyOverrides } from '../../engine/config/overrides';
import { ConfigError } from '../../engine/errors';

const config = () => ({
  client: { base_url: 'https://api.example.com', auth: { type: 'bearer', token: { $secret: 'token' } } },
  resource_defaults: { endpoint: { params: { limit: 100 } } },
  resources: [
    { name: 'files', endpoint: { path: '/v1/files', paginator: { type: 'offset', limit: 100 }, params: {} } },
    'users',
  ],
});

type Config = ReturnType<typeof config>;

const files = (c: Config) => c.resources[0] as { name: string; endpoint: Record<string, unknown> };

/** Each list of `--set`s, and what it must change in the config. */
const VALID: Array<[string, string[], (expected: Config) => unknown]> = [
  [
    'a URL, as a string',
    ['client.base_url=http://127.0.0.1:8080'],
    (c) => (c.client.base_url = 'http://127.0.0.1:8080'),
  ],
  [
    'a number, as a number',
    ['resources.files.endpoint.paginator.limit=50'],
    (c) => ((files(c).endpoint.paginator as Record<string, unknown>).limit = 50),
  ],
  ['a resource by index', ['resources.0.endpoint.path=/v2/files'], (c) => (files(c).endpoint.path = '/v2/files')],
  [
    'a JSON object',
    ['client.auth={"type":"api_key","api_key":"k"}'],
    (c) => ((c.client as Record<string, unknown>).auth = { type: 'api_key', api_key: 'k' }),
  ],
  [
    'quoted JSON, as a string',
    ['resources.files.endpoint.paginator.type="50"'],
    (c) => ((files(c).endpoint.paginator as Record<string, unknown>).type = '50'),
  ],
  [
    'true, as a boolean',
    ['resources.files.selected=true'],
    (c) => ((files(c) as Record<string, unknown>).selected = true),
  ],
  ['an empty value, as an empty string', ['client.base_url='], (c) => (c.client.base_url = '')],
  ['a value holding =', ['client.base_url=https://x.test/?a=b'], (c) => (c.client.base_url = 'https://x.test/?a=b')],
  [
    'a new key in a free-form map',
    ['resources.files.endpoint.params.since=2024-01-01'],
    (c) => ((files(c).endpoint.params as Record<string, unknown>).since = '2024-01-01'),
  ],
  [
    'nested new keys in a free-form map',
    ['resource_defaults.endpoint.params.filter.status=open'],
    (c) => ((c.resource_defaults.endpoint.params as Record<string, unknown>).filter = { status: 'open' }),
  ],
  [
    'a known config key created under an existing object',
    ['client.headers={"X-Trace":"1"}'],
    (c) => ((c.client as Record<string, unknown>).headers = { 'X-Trace': '1' }),
  ],
  [
    'a key under a resource given by name only',
    ['resources.users.primary_key=user_id'],
    (c) => ((c.resources as unknown[])[1] = { name: 'users', endpoint: { path: 'users' }, primary_key: 'user_id' }),
  ],
  [
    'a whole resource replaced',
    ['resources.users={"name":"people"}'],
    (c) => ((c.resources as unknown[])[1] = { name: 'people' }),
  ],
  ['several sets, in order', ['client.base_url=a', 'client.base_url=b'], (c) => (c.client.base_url = 'b')],
];

/** Each `--set` that must be refused, and the exact error. */
const INVALID: Array<[string, string, string]> = [
  ['a set without =', 'xyz', "--set expects PATH=VALUE, got 'xyz'"],
  ['a set without a path', '=5', "--set expects PATH=VALUE, got '=5'"],
  ['a path with an empty segment', 'client..base_url=x', "--set PATH has an empty segment, got 'client..base_url'"],
  [
    'a misspelt key',
    'client.base_urll=x',
    "unknown --set path 'client.base_urll': client has no key 'base_urll' (known: base_url, auth)",
  ],
  [
    'an unknown top-level key',
    'source.x=1',
    "unknown --set path 'source.x': config has no key 'source' (known: client, resource_defaults, resources)",
  ],
  [
    'an unknown resource',
    'resources.nope.endpoint=x',
    "unknown --set path 'resources.nope.endpoint': no resource named 'nope' (known: files, users)",
  ],
  [
    'a resource index out of range',
    'resources.5.selected=false',
    "unknown --set path 'resources.5.selected': no resource named '5' (known: files, users)",
  ],
  [
    'a known key created under a missing object',
    'resources.files.endpoint.data_selector.x=1',
    "unknown --set path 'resources.files.endpoint.data_selector.x': resources.files.endpoint has no key 'data_selector' (known: path, paginator, params)",
  ],
  [
    'a known key that is not the last segment',
    'client.headers.X-Trace=1',
    "unknown --set path 'client.headers.X-Trace': client has no key 'headers' (known: base_url, auth)",
  ],
  [
    'a key that is not a config key',
    'resources.files.endpoint.pagination=x',
    "unknown --set path 'resources.files.endpoint.pagination': resources.files.endpoint has no key 'pagination' (known: path, paginator, params)",
  ],
  [
    'a key under a string value',
    'client.base_url.host=x',
    "unknown --set path 'client.base_url.host': client.base_url is a string, not an object",
  ],
];

describe('--set overrides change a copy of the config', () => {
  for (const [name, sets, change] of VALID) {
    test(name, () => {
      const original = config();
      const expected = config();
      change(expected);
      assert.deepEqual(applyOverrides(original, sets), expected);
      assert.deepEqual(original, config());
    });
  }

  test('no sets give an equal copy', () => {
    const original = config();
    const copy = applyOverrides(original, []);
    assert.deepEqual(copy, original);
    assert.notEqual(copy, original);
  });

  test('the creatable keys can be replaced', () => {
    const result = applyOverrides(config(), ['client.timeout=30'], { creatableKeys: new Set(['timeout']) });
    assert.equal((result as Config & { client: { timeout: number } }).client.timeout, 30);
    assert.throws(() => applyOverrides(config(), ['client.headers={}'], { creatableKeys: new Set(['timeout']) }), {
      message: "unknown --set path 'client.headers': client has no key 'headers' (known: base_url, auth)",
    });
  });

  test('a key named __proto__ is stored as data', () => {
    const result = applyOverrides(config(), ['resources.files.endpoint.params.__proto__={"polluted":true}']) as Config;
    const params = files(result).endpoint.params as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
    assert.deepEqual(Object.keys(params), ['__proto__']);
  });
});

describe('bad --set overrides are refused with the path and the known keys', () => {
  for (const [name, set, message] of INVALID) {
    test(name, () => {
      assert.throws(
        () => applyOverrides(config(), [set]),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.message, message);
          return true;
        },
      );
    });
  }
});
