import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePythonLiteral } from '../../engine/config/python-literal';
import { formatPosition } from '../../engine/config/text-position';
import { ConfigError, ExpressionError } from '../../engine/errors';
import { renderString } from '../../engine/expressions';
import { literalEval, RENDERED_LITERALS } from '../../engine/expressions/literal-eval';
import type { JsonValue } from '../../engine/json';
import { parsePythonText } from '../../engine/python/literal';
import { PythonSyntaxError } from '../../engine/python/syntax-error';
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

/** What a reader makes of a text: a value, or the exact error, as `line L, column C: reason`. */
type Outcome = { value: JsonValue } | { error: string };
const read = (value: JsonValue): Outcome => ({ value });
const refused = (error: string): Outcome => ({ error });
/** The same outcome for both readers. */
const both = (outcome: Outcome): [Outcome, Outcome] => [outcome, outcome];
const NESTED_150 = `${'['.repeat(150)}${']'.repeat(150)}`;

/**
 * Each text, what a config file reads at its start (one value, which more text may follow), and what the expression
 * engine reads from rendered text (the whole text, as `ast.literal_eval`). Both use one reader, so they differ only
 * where their options do: dlt secret references, bytes and `__proto__` keys in configs; bare tuples and nothing after
 * the value in rendered text; and how deep lists may nest.
 */
const ROWS: Array<[name: string, text: string, config: Outcome, rendered: Outcome]> = [
  [
    'a dlt snippet with secrets, constants, comments, trailing commas and concatenated strings',
    DLT_SNIPPET,
    read(DLT_SNIPPET_VALUE),
    refused("line 6, column 26: expected a literal value, found name 'dlt.secrets'"),
  ],
  // Strings.
  ['a double-quoted string', '"abc"', ...both(read('abc'))],
  ['a single-quoted string with an escaped quote', "'it\\'s'", ...both(read("it's"))],
  ['common escapes', '"a\\nb\\tc\\\\d\\"e"', ...both(read('a\nb\tc\\d"e'))],
  ['hex and unicode escapes', '"\\x41\\u00e9\\U0001F600"', ...both(read('A\u00e9\u{1F600}'))],
  ['an octal escape', '"\\101"', ...both(read('A'))],
  ['an unknown escape, kept as written', '"\\d+"', ...both(read('\\d+'))],
  ['a backslash continuation inside a string', '"ab\\\ncd"', ...both(read('abcd'))],
  ['a raw string', "r'\\d+\\n'", ...both(read('\\d+\\n'))],
  ['a raw string whose backslash protects a quote', 'r"a\\"b"', ...both(read('a\\"b'))],
  [
    'a bytes string',
    'b"\\x41\\u0041"',
    read('A\\u0041'),
    refused('line 1, column 1: expected a literal value, found bytes b"\\x41\\u0041"'),
  ],
  [
    'a bytes string holding a non-ASCII character',
    "b'caf\u00e9'",
    ...both(refused('line 1, column 6: bytes can only contain ASCII characters')),
  ],
  ['a unicode-prefixed string', 'u"caf\\u00e9"', ...both(read('café'))],
  ['a triple-quoted string over two lines', '"""one\ntwo"""', ...both(read('one\ntwo'))],
  ['a triple-single-quoted string holding quotes', "'''say \"hi\" it's'''", ...both(read('say "hi" it\'s'))],
  ['adjacent strings, concatenated', '"a" \'b\' """c"""', ...both(read('abc'))],
  ['adjacent strings across lines and comments', '("a"  # first\n "b")', ...both(read('ab'))],
  [
    'adjacent strings on two lines outside brackets',
    "'a'\n'b'",
    read('ab'),
    refused('line 1, column 4: expected the end of the text, found a line break'),
  ],
  ['an unterminated string', '"abc', ...both(refused('line 1, column 1: unterminated string'))],
  ['a string broken by a newline', '"ab\ncd"', ...both(refused('line 1, column 1: unterminated string'))],
  [
    'an unterminated triple-quoted string',
    '"""abc',
    ...both(refused('line 1, column 1: unterminated triple-quoted string')),
  ],
  ['a short hex escape', '"\\x4"', ...both(refused('line 1, column 2: invalid \\x escape: expected 2 hex digits'))],
  [
    'a named unicode escape',
    '"\\N{BULLET}"',
    ...both(refused('line 1, column 2: named \\N{...} escapes are not supported')),
  ],
  [
    'an f-string',
    '{"a": f"{x}"}',
    ...both(refused('line 1, column 7: expected a literal value, found f-string f"{x}"')),
  ],
  [
    'an f-string concatenated to a string',
    '"a" f"{x}"',
    ...both(refused('line 1, column 5: expected a literal value, found f-string f"{x}"')),
  ],
  // Numbers.
  ['an integer', '42', ...both(read(42))],
  ['a negative integer', '-7', ...both(read(-7))],
  ['an integer with underscores', '1_000_000', ...both(read(1000000))],
  ['a hex integer', '0xFF', ...both(read(255))],
  ['an octal and a binary integer', '[0o17, 0b101]', ...both(read([15, 5]))],
  ['zero', '0', ...both(read(0))],
  ['minus zero, an int', '-0', ...both(read(0))],
  ['a float', '2.5', ...both(read(2.5))],
  ['a float with an exponent', '-1.5e3', ...both(read(-1500))],
  ['an exponent without a fraction', '1e3', ...both(read(1000))],
  ['a float starting with a dot', '.25', ...both(read(0.25))],
  ['blank space and a comment around a number', ' 5 # a comment', ...both(read(5))],
  [
    'a leading zero',
    '0123',
    ...both(refused("line 1, column 1: invalid number '0123': leading zeros are not allowed")),
  ],
  [
    'zeros before a digit',
    '007',
    ...both(refused("line 1, column 1: invalid number '007': leading zeros are not allowed")),
  ],
  ['a complex number', '1j', ...both(refused("line 1, column 1: invalid number '1j'"))],
  ['a misplaced underscore', '1__0', ...both(refused("line 1, column 1: invalid number '1__0'"))],
  [
    'an integer a JavaScript number cannot hold exactly',
    '1152922976252290886',
    ...both(refused('line 1, column 1: integer 1152922976252290886 is too large to read exactly')),
  ],
  [
    'a minus before a string',
    '-"a"',
    ...both(refused('line 1, column 2: expected a number after \'-\', found string "a"')),
  ],
  ['a date', '2024-01-01', read(2024), refused("line 1, column 5: expected the end of the text, found '-'")],
  ['a sum', '1 + 2', read(1), refused("line 1, column 3: expected the end of the text, found '+'")],
  ['infinity by name', 'inf', ...both(refused("line 1, column 1: expected a literal value, found name 'inf'"))],
  // Constants and containers.
  ['True, False and None', '[True, False, None]', ...both(read([true, false, null]))],
  ['lower-case true', 'true', ...both(refused("line 1, column 1: expected a literal value, found name 'true'"))],
  ['an empty dict, list and tuple', '[{}, [], ()]', ...both(read([{}, [], []]))],
  ['a tuple, as a list', '(1, "a",)', ...both(read([1, 'a']))],
  ['a one-element tuple', '(1,)', ...both(read([1]))],
  ['a parenthesised value', '(1)', ...both(read(1))],
  ['a bare tuple', '1, 2', read(1), read([1, 2])],
  [
    'a bare tuple over two lines',
    '1,\n2',
    read(1),
    refused('line 1, column 3: expected the end of the text, found a line break'),
  ],
  ['a list over two lines', '[1,\n2]', ...both(read([1, 2]))],
  ['a set, as a list', '{1, 2}', ...both(read([1, 2]))],
  ['nested lists with trailing commas', '[[1, 2,], [3,],]', ...both(read([[1, 2], [3]]))],
  ['nested dicts and lists', "{'a': [1, {'b': None}]}", ...both(read({ a: [1, { b: null }] }))],
  ['a later duplicate key winning', '{"a": 1, "a": 2}', ...both(read({ a: 2 }))],
  [
    'a key named __proto__',
    "{'__proto__': 1}",
    read(JSON.parse('{"__proto__": 1}') as JsonValue),
    refused("line 1, column 15: a dict key '__proto__' is not allowed here"),
  ],
  [
    'lists nested 150 deep',
    NESTED_150,
    refused('line 1, column 102: lists and dicts nest deeper than 100 levels'),
    read(JSON.parse(NESTED_150) as JsonValue),
  ],
  // Anything but a literal.
  ['a bare name', '{\n  "a": os}', ...both(refused("line 2, column 8: expected a literal value, found name 'os'"))],
  ['a word', 'abc', ...both(refused("line 1, column 1: expected a literal value, found name 'abc'"))],
  [
    'a dotted name',
    '{"a": os.environ["X"]}',
    ...both(refused("line 1, column 7: expected a literal value, found name 'os.environ'")),
  ],
  [
    'a function call',
    '[1, getenv("X")]',
    ...both(refused("line 1, column 5: expected a literal value, found call of 'getenv(...)'")),
  ],
  [
    'a method call',
    'os.getenv("X")',
    ...both(refused("line 1, column 1: expected a literal value, found call of 'os.getenv(...)'")),
  ],
  [
    'an operator',
    '{"a": 1 + 2}',
    ...both(refused("line 1, column 9: expected ',' or '}' after the value of 'a', found '+'")),
  ],
  [
    'a non-string dict key',
    '{1: "a"}',
    ...both(refused('line 1, column 2: dict keys must be strings, found number 1')),
  ],
  [
    'a name as a dict key',
    '{key: "a"}',
    ...both(refused("line 1, column 2: dict keys must be strings, found name 'key'")),
  ],
  ['a dict unpacking', '{**base}', ...both(refused("line 1, column 2: dict keys must be strings, found '**'"))],
  ['a missing colon', '{"a" 1}', ...both(refused("line 1, column 6: expected ':' after the key 'a', found number 1"))],
  [
    'a missing comma in a list',
    '[1 2]',
    ...both(refused("line 1, column 4: expected ',' or ']' after an item, found number 2")),
  ],
  ['an unclosed dict', '{\n  "a": 1,', ...both(refused("line 1, column 1: '{' is never closed"))],
  ['an unclosed list', '[1, [2]', ...both(refused("line 1, column 1: '[' is never closed"))],
  ['a mismatched bracket', '[1}', ...both(refused("line 1, column 3: expected ',' or ']' after an item, found '}'"))],
  ['an unexpected character', '{"a": $x}', ...both(refused("line 1, column 7: unexpected character '$'"))],
  [
    'nothing at all',
    '   # only a comment',
    ...both(refused('line 1, column 20: expected a literal value, found the end of the input')),
  ],
  // dlt references, read in config files only.
  [
    'dlt.config as a secret reference',
    'dlt.config["api_key"]',
    read({ $secret: 'api_key' }),
    refused("line 1, column 1: expected a literal value, found name 'dlt.config'"),
  ],
  [
    'dlt.secrets.get with a trailing comma',
    "dlt.secrets.get('token',)",
    read({ $secret: 'token' }),
    refused("line 1, column 1: expected a literal value, found call of 'dlt.secrets.get(...)'"),
  ],
  [
    'spaces inside a secret reference',
    'dlt . secrets [ "x" ]',
    read({ $secret: 'x' }),
    refused("line 1, column 1: expected a literal value, found name 'dlt.secrets'"),
  ],
  [
    'a secret name that is not a string',
    'dlt.secrets[name]',
    refused("line 1, column 13: expected the name of the secret as a string, found name 'name'"),
    refused("line 1, column 1: expected a literal value, found name 'dlt.secrets'"),
  ],
  [
    'a secret lookup with a default',
    'dlt.secrets.get("a", "b")',
    refused("line 1, column 22: expected ')' after the name of the secret 'a', found string \"b\""),
    refused("line 1, column 1: expected a literal value, found call of 'dlt.secrets.get(...)'"),
  ],
  [
    'another dlt attribute',
    'dlt.sources',
    ...both(refused("line 1, column 1: expected a literal value, found name 'dlt.sources'")),
  ],
];

/** What the config loader's reader makes of a text; its errors are ConfigErrors. */
function readAsConfig(text: string): Outcome {
  try {
    return read(parsePythonLiteral(text).value);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return refused(error.message);
  }
}

/** What the expression engine's reader makes of rendered text, with the line and column of a refusal. */
function readAsRendered(text: string): Outcome {
  try {
    return read(parsePythonText(text, RENDERED_LITERALS));
  } catch (error) {
    if (!(error instanceof PythonSyntaxError)) throw error;
    return refused(`${formatPosition(text, error.offset)}: ${error.message}`);
  }
}

describe('Python literals, as a config file and as rendered text read them', () => {
  for (const [name, text, config, rendered] of ROWS) {
    test(name, () => {
      assert.deepEqual(readAsConfig(text), config, 'as a config');
      assert.deepEqual(readAsRendered(text), rendered, 'as rendered text');
      // Airbyte keeps rendered text that is not a literal as the string it is.
      assert.deepEqual(literalEval(text), 'value' in rendered ? rendered : undefined, 'by literalEval');
    });
  }
});

describe('a template fails on a string or a number in the words a config would', () => {
  const rows: Array<[template: string, literal: string, position: number]> = [
    ["{{ '\\x4' }}", "'\\x4'", 4],
    ['{{ 0123 }}', '0123', 3],
    ['{{ 1__0 }}', '1__0', 3],
  ];
  for (const [template, literal, position] of rows) {
    test(`${template} fails as ${literal} does`, () => {
      const outcome = readAsConfig(literal);
      assert.ok('error' in outcome);
      const reason = outcome.error.replace(/^line \d+, column \d+: /, '');
      assert.throws(
        () => renderString(template, {}),
        (error: unknown) => {
          assert.ok(error instanceof ExpressionError);
          const where = `expression error at position ${position} in ${JSON.stringify(template)}`;
          assert.equal(error.message, `${where}: ${reason}`);
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
