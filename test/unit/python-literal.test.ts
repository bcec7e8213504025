import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePythonLiteral } from '../../engine/config/python-literal';
import { ConfigError } from '../../engine/errors';
import type { JsonValue } from '../../engine/json';

const DLT_SNIPPET = `{
    "client": {
        "base_url": "https://api.example.com",  # the API root
        "auth": {
            "type": "oauth2",
            "client_id": dlt.secrets["client_id"],
            "client_secret": dlt.secrets['client_secret'],
            "refresh_token": dlt.secrets.get("client_refresh_token"),
        },
    },
    "resource_defaults": {"primary_key": "id", "write_disposition": "merge", "selected": True, "parent": None},
    "resources": [
        {
            "name": "files",
            "endpoint": {
                "path": "/v1/files",
                "record_filter": """{{ record['type'] == 'file' }}""",
                "data_selector": ("entries"
                                  ".*.item"),
                "paginator": {"type": "offset", "limit": 100,},
            },
        },
    ],
}`;

const DLT_SNIPPET_VALUE = {
  client: {
    base_url: 'https://api.example.com',
    auth: {
      type: 'oauth2',
      client_id: { $secret: 'client_id' },
      client_secret: { $secret: 'client_secret' },
      refresh_token: { $secret: 'client_refresh_token' },
    },
  },
  resource_defaults: { primary_key: 'id', write_disposition: 'merge', selected: true, parent: null },
  resources: [
    {
      name: 'files',
      endpoint: {
        path: '/v1/files',
        record_filter: "{{ record['type'] == 'file' }}",
        data_selector: 'entries.*.item',
        paginator: { type: 'offset', limit: 100 },
      },
    },
  ],
};

/** Each valid literal and the JSON value it must parse to. */
const VALID: Array<[string, string, JsonValue]> = [
  [
    'a dlt snippet with secrets, constants, comments, trailing commas and concatenated strings',
    DLT_SNIPPET,
    DLT_SNIPPET_VALUE,
  ],
  ['a double-quoted string', '"abc"', 'abc'],
  ['a single-quoted string with an escaped quote', "'it\\'s'", "it's"],
  ['common escapes', '"a\\nb\\tc\\\\d\\"e"', 'a\nb\tc\\d"e'],
  ['hex and unicode escapes', '"\\x41\\u00e9\\U0001F600"', 'A\u00e9\u{1F600}'],
  ['an octal escape', '"\\101"', 'A'],
  ['an unknown escape, kept as written', '"\\d+"', '\\d+'],
  ['a backslash continuation inside a string', '"ab\\\ncd"', 'abcd'],
  ['a raw string', "r'\\d+\\n'", '\\d+\\n'],
  ['a raw string whose backslash protects a quote', 'r"a\\"b"', 'a\\"b'],
  ['a bytes string', 'b"\\x41\\u0041"', 'A\\u0041'],
  ['a unicode-prefixed string', 'u"caf\\u00e9"', 'café'],
  ['a triple-quoted string over two lines', '"""one\ntwo"""', 'one\ntwo'],
  ['a triple-single-quoted string holding quotes', "'''say \"hi\" it's'''", 'say "hi" it\'s'],
  ['adjacent strings, concatenated', '"a" \'b\' """c"""', 'abc'],
  ['adjacent strings across lines and comments', '("a"  # first\n "b")', 'ab'],
  ['an integer', '42', 42],
  ['a negative integer', '-7', -7],
  ['an integer with underscores', '1_000_000', 1000000],
  ['a hex integer', '0xFF', 255],
  ['an octal and a binary integer', '[0o17, 0b101]', [15, 5]],
  ['zero', '0', 0],
  ['a float', '2.5', 2.5],
  ['a float with an exponent', '-1.5e3', -1500],
  ['a float starting with a dot', '.25', 0.25],
  ['True, False and None', '[True, False, None]', [true, false, null]],
  ['an empty dict, list and tuple', '[{}, [], ()]', [{}, [], []]],
  ['a tuple, as a list', '(1, "a",)', [1, 'a']],
  ['a one-element tuple', '(1,)', [1]],
  ['a parenthesised value', '(1)', 1],
  ['nested lists with trailing commas', '[[1, 2,], [3,],]', [[1, 2], [3]]],
  ['a later duplicate key winning', '{"a": 1, "a": 2}', { a: 2 }],
  ['dlt.config as a secret reference', 'dlt.config["api_key"]', { $secret: 'api_key' }],
  ['dlt.secrets.get with a trailing comma', "dlt.secrets.get('token',)", { $secret: 'token' }],
  ['spaces inside a secret reference', 'dlt . secrets [ "x" ]', { $secret: 'x' }],
];

/** Each invalid literal and the exact error it must produce. */
const INVALID: Array<[string, string, string]> = [
  ['a bare name', '{\n  "a": os}', "line 2, column 8: expected a literal value, found name 'os'"],
  ['a dotted name', '{"a": os.environ["X"]}', "line 1, column 7: expected a literal value, found name 'os.environ'"],
  ['a function call', '[1, getenv("X")]', "line 1, column 5: expected a literal value, found call of 'getenv(...)'"],
  ['a method call', 'os.getenv("X")', "line 1, column 1: expected a literal value, found call of 'os.getenv(...)'"],
  ['an f-string', '{"a": f"{x}"}', 'line 1, column 7: expected a literal value, found f-string f"{x}"'],
  [
    'an f-string concatenated to a string',
    '"a" f"{x}"',
    'line 1, column 5: expected a literal value, found f-string f"{x}"',
  ],
  ['an operator', '{"a": 1 + 2}', "line 1, column 9: expected ',' or '}' after the value of 'a', found '+'"],
  ['a non-string dict key', '{1: "a"}', 'line 1, column 2: dict keys must be strings, found number 1'],
  ['a name as a dict key', '{key: "a"}', "line 1, column 2: dict keys must be strings, found name 'key'"],
  ['a dict unpacking', '{**base}', "line 1, column 2: dict keys must be strings, found '**'"],
  ['a missing colon', '{"a" 1}', "line 1, column 6: expected ':' after the key 'a', found number 1"],
  ['a missing comma in a list', '[1 2]', "line 1, column 4: expected ',' or ']' after an item, found number 2"],
  ['an unclosed dict', '{\n  "a": 1,', "line 1, column 1: '{' is never closed"],
  ['an unclosed list', '[1, [2]', "line 1, column 1: '[' is never closed"],
  ['a mismatched bracket', '[1}', "line 1, column 3: expected ',' or ']' after an item, found '}'"],
  ['an unterminated string', '"abc', 'line 1, column 1: unterminated string'],
  ['a string broken by a newline', '"ab\ncd"', 'line 1, column 1: unterminated string'],
  ['an unterminated triple-quoted string', '"""abc', 'line 1, column 1: unterminated triple-quoted string'],
  ['a short hex escape', '"\\x4"', 'line 1, column 2: invalid \\x escape: expected 2 hex digits'],
  ['a named unicode escape', '"\\N{BULLET}"', 'line 1, column 2: named \\N{...} escapes are not supported'],
  ['a leading zero', '0123', "line 1, column 1: invalid number '0123': leading zeros are not allowed"],
  ['a complex number', '1j', "line 1, column 1: invalid number '1j'"],
  ['a misplaced underscore', '1__0', "line 1, column 1: invalid number '1__0'"],
  ['a minus before a string', '-"a"', 'line 1, column 2: expected a number after \'-\', found string "a"'],
  ['an unexpected character', '{"a": $x}', "line 1, column 7: unexpected character '$'"],
  [
    'a secret name that is not a string',
    'dlt.secrets[name]',
    "line 1, column 13: expected the name of the secret as a string, found name 'name'",
  ],
  [
    'a secret lookup with a default',
    'dlt.secrets.get("a", "b")',
    "line 1, column 22: expected ')' after the name of the secret 'a', found string \"b\"",
  ],
  ['another dlt attribute', 'dlt.sources', "line 1, column 1: expected a literal value, found name 'dlt.sources'"],
  ['nothing at all', '   # only a comment', 'line 1, column 20: expected a literal value, found the end of the input'],
];

describe('Python literals parse to JSON values', () => {
  for (const [name, text, expected] of VALID) {
    test(name, () => {
      assert.deepEqual(parsePythonLiteral(text).value, expected);
    });
  }
});

describe('anything but a literal is refused with its line and column', () => {
  for (const [name, text, message] of INVALID) {
    test(name, () => {
      assert.throws(
        () => parsePythonLiteral(text),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.message, message);
          return true;
        },
      );
    });
  }
});

describe('parsing from an offset', () => {
  test('starts at the offset and ends just after the value', () => {
    const text = 'source = rest_api_source({"a": [1, 2]}, name="x")';
    const start = text.indexOf('{');
    assert.deepEqual(parsePythonLiteral(text, start), { value: { a: [1, 2] }, end: text.indexOf(',', start + 12) });
  });

  test('reports positions in the whole text, not from the offset', () => {
    const text = 'x = 1\ny = 2\nconfig = {\n    "a": b,\n}';
    assert.throws(() => parsePythonLiteral(text, text.indexOf('{')), {
      message: "line 4, column 10: expected a literal value, found name 'b'",
    });
  });

  test('stores a key named __proto__ as data, never as the prototype', () => {
    const value = parsePythonLiteral('{"__proto__": {"polluted": True}}').value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__']);
  });
});
