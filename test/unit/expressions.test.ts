import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExpressionError } from '../../engine/errors';
import {
  checkTemplate,
  evaluateCondition,
  isTemplate,
  referencedPaths,
  renderString,
  renderValue,
  type ExpressionContext,
} from '../../engine/expressions';

/** A fixed clock: 2024-05-06 07:08:09.010 UTC, a Monday. */
const now = () => new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 10));
const show = (value: unknown) => (value === undefined ? 'undefined' : JSON.stringify(value));

type Row = [template: string, context: ExpressionContext, expected: unknown];

describe('renderValue', () => {
  const rows: Row[] = [
    // Seed cursor templates.
    ["{{ response.get('next_marker') }}", { response: { next_marker: 'abc' } }, 'abc'],
    ["{{ response.get('next_marker') }}", { response: { next_marker: null } }, null],
    ["{{ response.get('next_marker') }}", { response: {} }, null],
    ["{{ response.get('next_stream_position', '') }}", { response: {} }, null],
    ["{{ response.get('next_stream_position', '') }}", { response: { next_stream_position: 123 } }, 123],
    [
      "{{ response.get('next_stream_position', '') }}",
      { response: { next_stream_position: '1152922976252290886' } },
      '1152922976252290886',
    ],
    ["{{ response.get('next_stream_position', '') }}", { response: { next_stream_position: '42' } }, 42],
    // Lookups.
    ['{{ response.next.cursor }}', { response: { next: { cursor: 'c2' } } }, 'c2'],
    ['{{ response.missing.deeper.still }}', { response: {} }, null],
    ["{{ response['items'][0]['id'] }}", { response: { items: [{ id: 7 }] } }, 7],
    ['{{ last_record.id }}', { last_record: { id: 'r9' } }, 'r9'],
    ['{{ response.items[-1] }}', { response: { items: [1, 2, 3] } }, 3],
    ['{{ response.items.0 }}', { response: { items: ['first'] } }, 'first'],
    ['{{ headers.link }}', { headers: { link: '<https://x/2>; rel="next"' } }, '<https://x/2>; rel="next"'],
    ['{{ last_page_size }}', { last_page_size: 100 }, 100],
    ["{{ record.get('name', 'anonymous') }}", { record: {} }, 'anonymous'],
    ['{{ record }}', { record: { id: 1, tags: ['a'], owner: null } }, { id: 1, tags: ['a'], owner: null }],
    // Literals and operators.
    ['{{ [1, 2] + [3] }}', {}, [1, 2, 3]],
    ["{{ {'a': 1, 'b': None} }}", {}, { a: 1, b: null }],
    ["{{ {'a': {'b': [True, 1.5]}} }}", {}, { a: { b: [true, 1.5] } }],
    ['{{ 7 // 2 }}', {}, 3],
    ['{{ -7 % 3 }}', {}, 2],
    ['{{ 7 / 2 }}', {}, 3.5],
    ['{{ 2 * 3 + 1 }}', {}, 7],
    ['{{ (1, 2) }}', {}, [1, 2]],
    ["{{ 'a' ~ 1 ~ none }}", {}, 'a1None'],
    ['{{ x if x else "fallback" }}', {}, 'fallback'],
    ['{{ x if x }}', { x: 0 }, null],
    ['{{ 1 < 2 < 3 }}', {}, true],
    ["{{ 'b' in ['a', 'b'] and 'z' not in 'abc' }}", {}, true],
    ['{{ page or 1 }}', { page: 0 }, 1],
    ["{{ 'abcdef'[1:4] }}", {}, 'bcd'],
    ['{{ items[::-1] }}', { items: [1, 2, 3] }, [3, 2, 1]],
    ["{{ 'it\\'s' }}", {}, "it's"],
    ["{{ '}}' }}", {}, '}}'],
    // Python methods.
    ["{{ ' Mixed Case '.strip().lower() }}", {}, 'mixed case'],
    ["{{ 'a,b,c'.split(',') }}", {}, ['a', 'b', 'c']],
    ["{{ 'a,b,c'.split(',', 1) }}", {}, ['a', 'b,c']],
    ["{{ 'a  b c'.split() }}", {}, ['a', 'b', 'c']],
    ["{{ 'v1/items'.replace('v1', 'v2') }}", {}, 'v2/items'],
    ["{{ 'file_1'.startswith('file') }}", {}, true],
    ["{{ 'x.csv'.endswith(('.csv', '.tsv')) }}", {}, true],
    ['{{ record.keys() }}', { record: { a: 1, b: 2 } }, ['a', 'b']],
    ['{{ record.values() }}', { record: { a: 1, b: 2 } }, [1, 2]],
    ['{{ record.items() }}', { record: { a: 1 } }, [['a', 1]]],
    ["{{ missing.get('x') }}", {}, null],
    // Python built-ins.
    ["{{ str(5) ~ (int('7') + 1) }}", {}, 58],
    ["{{ 'a' ~ 1 + 'b' }}", {}, 'a1b'],
    ["{{ float('1.5') }}", {}, 1.5],
    ['{{ len(items) }}', { items: [1, 2] }, 2],
    ['{{ max(1, 5, 3) }}', {}, 5],
    ['{{ min([4, 2, 8]) }}', {}, 2],
    ["{{ max('apple', 'pear') }}", {}, 'pear'],
    // Whitespace control, comments and Jinja's dropped trailing newline.
    ['  {{- 1 -}}  \n{# a comment #} {{ 2 }}', {}, '1 2'],
    ['{{ 5 }}\n', {}, 5],
  ];
  for (const [template, context, expected] of rows) {
    test(`${template} with ${show(context)} gives ${show(expected)}`, () => {
      assert.deepEqual(renderValue(template, context, { now }), expected);
    });
  }

  test('keeps integers beyond Number.MAX_SAFE_INTEGER as strings, also inside lists', () => {
    assert.equal(renderValue('{{ v }}', { v: '9007199254740993' }), '9007199254740993');
    assert.equal(renderValue('{{ v }}', { v: '[9007199254740993]' }), '[9007199254740993]');
    assert.equal(renderValue('{{ v }}', { v: '9007199254740991' }), 9007199254740991);
  });

  test('renders the same cached template afresh for every context', () => {
    const template = '{{ record.id * 2 }}';
    assert.deepEqual(
      [1, 2, 3].map((id) => renderValue(template, { record: { id } })),
      [2, 4, 6],
    );
  });
});

describe('literal conversion of rendered text', () => {
  test('round-trips Python reprs of strings with quotes, backslashes and newlines', () => {
    const value = ["it's", 'say "hi"', 'back\\slash', 'line\nbreak', 'tab\there', 'ünï', 'both \' and "'];
    assert.deepEqual(renderValue('{{ v }}', { v: value }), value);
  });

  test('gives null for an empty rendering, as Airbyte does by default', () => {
    assert.equal(renderValue('{{ missing }}', {}), null);
    assert.equal(renderValue('', {}), null);
  });
});

describe('evaluateCondition', () => {
  const rows: Row[] = [
    ["{{ response.get('next_marker') is none }}", { response: { next_marker: null } }, true],
    ["{{ response.get('next_marker') is none }}", { response: {} }, true],
    ["{{ response.get('next_marker') is none }}", { response: { next_marker: 'abc' } }, false],
    ["{{ response.get('next_marker') is not none }}", { response: { next_marker: 'abc' } }, true],
    ['{{ response.chunk_size == 0 }}', { response: { chunk_size: 0 } }, true],
    ['{{ response.chunk_size == 0 }}', { response: { chunk_size: 5 } }, false],
    ["{{ record['type'] == 'file' }}", { record: { type: 'file', id: 1 } }, true],
    ["{{ record['type'] == 'file' }}", { record: { type: 'folder', id: 2 } }, false],
    ["{{ record['type'] == 'file' }}", { record: {} }, false],
    ["{{ record.type != 'folder' and record.size > 10 }}", { record: { type: 'file', size: 11 } }, true],
    ['{{ record.deleted }}', { record: { deleted: false } }, false],
    ['{{ not record.deleted }}', { record: {} }, true],
    ['{{ record.cursor is defined }}', { record: {} }, false],
    ['{{ record.cursor is not defined }}', { record: {} }, true],
    ['{{ response.next is none }}', { response: {} }, false],
    ['{{ last_page_size < 100 }}', { last_page_size: 42 }, true],
    ["{{ 'admin' in record.roles }}", { record: { roles: ['user', 'admin'] } }, true],
    ["{{ 'x' in record }}", { record: { x: 1 } }, true],
    ['{{ 0 == False }}', {}, true],
    ['{{ 1 == 1.0 }}', {}, true],
    ['{{ none == none }}', {}, true],
    ["{{ '1' == 1 }}", {}, false],
    ['{{ missing == none }}', {}, false],
  ];
  for (const [template, context, expected] of rows) {
    test(`${template} with ${show(context)} is ${expected}`, () => {
      assert.equal(evaluateCondition(template, context), expected);
    });
  }

  const truthiness: Array<[value: unknown, expected: boolean]> = [
    [0, false],
    [1, true],
    [0.0, false],
    [-1, true],
    ['', false],
    ['a', true],
    [' ', true],
    ['False', false],
    ['false', false],
    ['None', false],
    ['0', false],
    ['0.0', false],
    ['true', true],
    ['True', true],
    ['[]', false],
    ['{}', false],
    [[], false],
    [[0], true],
    [{}, false],
    [{ a: 1 }, true],
    [null, false],
    [undefined, false],
    [false, false],
    [true, true],
  ];
  for (const [value, expected] of truthiness) {
    test(`treats ${show(value)} as ${expected}`, () => {
      assert.equal(evaluateCondition('{{ v }}', { v: value }), expected);
    });
  }
});

describe('renderString', () => {
  const rows: Row[] = [
    [
      '/v1/collections/{{ stream_partition.collection }}/items',
      { stream_partition: { collection: 42 } },
      '/v1/collections/42/items',
    ],
    [
      "/v1/files/{{ stream_slice['file_id'] }}/collaborations",
      { stream_slice: { file_id: 'f-1' } },
      '/v1/files/f-1/collaborations',
    ],
    ['/plain/path', {}, '/plain/path'],
    ['{{ a }}|{{ b }}|{{ c }}', { a: null, b: undefined, c: 'x' }, '||x'],
    ['{{ flag }} {{ off }}', { flag: true, off: false }, 'True False'],
    ['{{ n }}', { n: 1.5 }, '1.5'],
    ['{{ n }}', { n: 0.00001 }, '1e-05'],
    ['{{ n }}', { n: 1e21 }, '1000000000000000000000'],
    ['{{ items }}', { items: ['a', 1, null, true] }, "['a', 1, None, True]"],
    ['{{ obj }}', { obj: { a: 1, b: null } }, "{'a': 1, 'b': None}"],
    ['{{ "5" }}', {}, '5'],
    ['{{ x | tojson }}', { x: { b: [1, 'é'], a: '<&>' } }, '{"a": "\\u003c\\u0026\\u003e", "b": [1, "\\u00e9"]}'],
  ];
  for (const [template, context, expected] of rows) {
    test(`${template} with ${show(context)} gives ${show(expected)}`, () => {
      assert.equal(renderString(template, context), expected);
    });
  }
});

describe('filters', () => {
  const rows: Row[] = [
    ["{{ missing | default('d') }}", {}, 'd'],
    ["{{ missing | d('d') }}", {}, 'd'],
    ["{{ [none | default('d')] }}", {}, '[None]'],
    ["{{ '' | default('d', true) }}", {}, 'd'],
    ["{{ '' | default('d', boolean=true) }}", {}, 'd'],
    ['{{ 5 | string }}', {}, '5'],
    ["{{ '42' | int }}", {}, '42'],
    ["{{ '5.7' | int }}", {}, '5'],
    ["{{ 'abc' | int }}", {}, '0'],
    ["{{ 'abc' | int(-1) }}", {}, '-1'],
    ["{{ '1.5' | float }}", {}, '1.5'],
    ["{{ 'x' | float }}", {}, '0'],
    ['{{ items | length }}', { items: [1, 2, 3] }, '3'],
    ["{{ 'héllo' | count }}", {}, '5'],
    ['{{ missing | length }}', {}, '0'],
    ["{{ 'MiXeD' | lower }}", {}, 'mixed'],
    ["{{ 'MiXeD' | upper }}", {}, 'MIXED'],
    ["{{ '  padded  ' | trim }}", {}, 'padded'],
    ["{{ {'b': 1, 'a': [true, none]} | tojson }}", {}, '{"a": [true, null], "b": 1}'],
    ['{{ items | first }}', { items: ['x', 'y'] }, 'x'],
    ['{{ items | last }}', { items: ['x', 'y'] }, 'y'],
    ["{{ 'abc' | first }}", {}, 'a'],
    ["{{ items | join(', ') }}", { items: ['a', 1, 'b'] }, 'a, 1, b'],
    ['{{ items | join }}', { items: ['a', 'b'] }, 'ab'],
    ["{{ items | join(d='-') | upper }}", { items: ['a', 'b'] }, 'A-B'],
  ];
  for (const [template, context, expected] of rows) {
    test(`${template} gives ${show(expected)}`, () => {
      assert.equal(renderString(template, context), expected);
    });
  }
});

describe('macros', () => {
  const rows: Row[] = [
    ['{{ now_utc() }}', {}, '2024-05-06 07:08:09.010000+00:00'],
    ['{{ today_utc() }}', {}, '2024-05-06'],
    ["{{ now_utc().strftime('%Y-%m-%d') }}", {}, '2024-05-06'],
    ['{{ now_utc().isoformat() }}', {}, '2024-05-06T07:08:09.010000+00:00'],
    ["{{ format_datetime('2024-03-05T06:07:08.123Z', '%Y/%m/%d %H:%M:%S.%f') }}", {}, '2024/03/05 06:07:08.123000'],
    ["{{ format_datetime('2024-03-05T06:07:08Z', '%z %Z %j %a %b %y %%') }}", {}, '+0000 UTC 065 Tue Mar 24 %'],
    ["{{ format_datetime('2024-03-05T06:07:08Z', '%s') }}", {}, '1709618828'],
    ["{{ format_datetime('2024-03-05 08:07:08+02:00', '%H:%M') }}", {}, '06:07'],
    ["{{ format_datetime('2024-03-05', '%Y-%m-%dT%H:%M:%S') }}", {}, '2024-03-05T00:00:00'],
    ["{{ format_datetime(1700000000, '%Y-%m-%d %H:%M:%S') }}", {}, '2023-11-14 22:13:20'],
    ["{{ format_datetime(now_utc(), '%A %d %B %I %p') }}", {}, 'Monday 06 May 07 AM'],
    ["{{ format_datetime(dt, '%-d/%-m/%Y') }}", { dt: '2024-03-05T00:00:00Z' }, '5/3/2024'],
    ["{{ timestamp('2024-01-01T00:00:00Z') }}", {}, '1704067200'],
    ['{{ timestamp(1700000000.7) }}', {}, '1700000000'],
    ['{{ day_delta(1) }}', {}, '2024-05-07T07:08:09.010000+0000'],
    ["{{ day_delta(-30, '%Y-%m-%d') }}", {}, '2024-04-06'],
  ];
  for (const [template, context, expected] of rows) {
    test(`${template} gives ${show(expected)}`, () => {
      assert.equal(renderString(template, context, { now }), expected);
    });
  }

  test('prints microseconds even when the clock is on a whole second, so the format never varies', () => {
    const midnight = () => new Date(Date.UTC(2024, 0, 1));
    assert.equal(renderString('{{ now_utc() }}', {}, { now: midnight }), '2024-01-01 00:00:00.000000+00:00');
  });

  test('reads the clock at most once per evaluation', () => {
    let reads = 0;
    const clock = () => (reads++, now());
    assert.equal(renderValue('{{ now_utc() == now_utc() and today_utc() == today_utc() }}', {}, { now: clock }), true);
    assert.equal(reads, 1);
  });
});

describe('referencedPaths', () => {
  const rows: Array<[template: string, expected: string[][]]> = [
    ['{{ stream_partition.collection }}', [['stream_partition', 'collection']]],
    ['/v1/collections/{{ stream_partition.collection }}/items', [['stream_partition', 'collection']]],
    ["{{ stream_slice['file_id'] }}", [['stream_slice', 'file_id']]],
    ["/v1/files/{{ stream_slice['file_id'] }}/collaborations", [['stream_slice', 'file_id']]],
    ["{{ response.get('next_marker') }}", [['response', 'next_marker']]],
    ["{{ response.get('next_marker') is none }}", [['response', 'next_marker']]],
    ['{{ a.b.c }} {{ a.b.c }}', [['a', 'b', 'c']]],
    ['{{ items[0].id }}', [['items', '0', 'id']]],
    [
      "{{ response.get('x', config.fallback) }}",
      [
        ['response', 'x'],
        ['config', 'fallback'],
      ],
    ],
    ['{{ data[key.name] }}', [['data'], ['key', 'name']]],
    ["{{ record.name | default('n/a') ~ now_utc() }}", [['record', 'name']]],
    ['no template here', []],
  ];
  for (const [template, expected] of rows) {
    test(`${template} reads ${show(expected)}`, () => {
      assert.deepEqual(referencedPaths(template), expected);
    });
  }
});

describe('isTemplate', () => {
  const rows: Array<[text: string, expected: boolean]> = [
    ['{{ x }}', true],
    ['/a/{{x}}/b', true],
    ['{% if x %}', true],
    ['/plain/path', false],
    ['{ "json": true }', false],
    ['{{ unclosed', false],
  ];
  for (const [text, expected] of rows) {
    test(`${show(text)} is${expected ? '' : ' not'} a template`, () => assert.equal(isTemplate(text), expected));
  }
});

describe('errors', () => {
  const rows: Array<[template: string, context: ExpressionContext, message: RegExp]> = [
    ['{% if x %}yes{% endif %}', {}, /position 0 .*statements \(\{% %\}\) are not supported/],
    ['{{ x', {}, /position 0 .*'\{\{' is not closed by '\}\}'/],
    ['{{ }}', {}, /position 3 .*empty expression/],
    ['{{ 1 + }}', {}, /position 7 .*expected a value/],
    ['{{ (1 }}', {}, /position 6 .*'\(' at position 3 is not closed before '\}'/],
    ['{{ x | nope }}', {}, /position 7 .*unknown filter 'nope'; known filters: default/],
    ['{{ x is nope }}', {}, /position 8 .*unknown test 'nope'/],
    ["{{ 'unterminated }}", {}, /position 3 .*string is not closed/],
    ['{{ 0123 }}', {}, /invalid number '0123'/],
    ['{{ x ! y }}', {}, /position 5 .*unexpected character "!"/],
    ['{{ format_datetime(x) }}', {}, /format_datetime\(\) is missing the argument 'format'/],
    ["{{ 'a'.lower(1) }}", {}, /lower\(\) takes no arguments \(1 given\)/],
    ["{{ x.get('a', b=1) }}", {}, /get\(\) got an unexpected keyword argument 'b'/],
    ['{{ 1 / 0 }}', {}, /position 5 .*division by zero/],
    ["{{ 1 + 'a' }}", {}, /unsupported operand type\(s\) for \+: 'int' and 'str'/],
    ["{{ 1 < 'a' }}", {}, /'<' not supported between instances of 'int' and 'str'/],
    ['{{ x.lower() }}', { x: 5 }, /'int' object has no method 'lower'/],
    ["{{ format_datetime('soon', '%Y') }}", {}, /cannot read 'soon' as a date/],
    ["{{ int('abc') }}", {}, /invalid literal for int\(\) with base 10: 'abc'/],
    ['{{ max([]) }}', {}, /max\(\) arg is an empty sequence/],
  ];
  for (const [template, context, message] of rows) {
    test(`${template} fails with ${message}`, () => {
      assert.throws(
        () => renderString(template, context),
        (error: unknown) => {
          assert.ok(error instanceof ExpressionError);
          assert.match(error.message, message);
          assert.ok(error.message.includes(JSON.stringify(template)), 'the message quotes the template');
          return true;
        },
      );
    });
  }

  test('checkTemplate reports syntax errors without evaluating anything', () => {
    assert.doesNotThrow(() => checkTemplate("{{ response.get('next_marker') is none }}"));
    assert.doesNotThrow(() => checkTemplate('{{ 1 / 0 }}'));
    assert.throws(() => checkTemplate('{{ response. }}'), ExpressionError);
  });

  test('quotes at most 120 characters of a long template', () => {
    const template = `{{ ${'x + '.repeat(50)}}}`;
    assert.throws(
      () => checkTemplate(template),
      (error: unknown) => {
        assert.ok(error instanceof ExpressionError);
        assert.match(error.message, new RegExp(`in "${template.slice(0, 120).replace(/[+]/g, '\\+')}…"`));
        return true;
      },
    );
  });
});
