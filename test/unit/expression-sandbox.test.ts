import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ExpressionError } from '../../engine/errors';
import {
  checkTemplate,
  evaluateCondition,
  renderString,
  renderValue,
  templateProblems,
  type ExpressionContext,
} from '../../engine/expressions';
import { configProblems } from '../../engine/config/validate-config';

const PROTOTYPES = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  String: String.prototype,
};
const snapshot = () =>
  Object.fromEntries(
    Object.entries(PROTOTYPES).map(([name, prototype]) => [name, Reflect.ownKeys(prototype).map(String).sort()]),
  );

function assertRefused(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}

describe('expression sandbox', () => {
  let original: ReturnType<typeof snapshot>;
  before(() => {
    original = snapshot();
  });

  /** Templates refused as soon as they are parsed, so config validation catches them before any sync runs. */
  const refusedOnParse: Array<[template: string, message: RegExp]> = [
    [
      '{{ x.__class__ }}',
      /^expression error at position 5 in "\{\{ x\.__class__ \}\}": access to '__class__' is not allowed$/,
    ],
    ["{{ ''.__class__.__mro__ }}", /position 6 .*access to '__class__' is not allowed/],
    ['{{ lipsum.__globals__ }}', /position 3 .*access to 'lipsum' is not allowed/],
    ['{{ cycler.__init__ }}', /position 3 .*access to 'cycler' is not allowed/],
    ['{{ config.items.__self__ }}', /position 16 .*access to '__self__' is not allowed/],
    ['{{ self }}', /position 3 .*access to 'self' is not allowed/],
    ['{{ self._TemplateReference__context }}', /access to 'self' is not allowed/],
    ['{{ range(10) }}', /position 3 .*access to 'range' is not allowed/],
    ['{{ [].pop() }}', /position 6 .*calling 'pop' is not allowed; allowed methods: get, keys/],
    ['{{ record.items().pop() }}', /calling 'pop' is not allowed/],
    ['{{ x.toString() }}', /position 5 .*access to 'toString' is not allowed/],
    ['{{ x.valueOf() }}', /position 5 .*access to 'valueOf' is not allowed/],
    ['{{ x.hasOwnProperty }}', /position 5 .*access to 'hasOwnProperty' is not allowed/],
    ['{{ x.isPrototypeOf }}', /access to 'isPrototypeOf' is not allowed/],
    ['{{ {}.__proto__ }}', /position 6 .*access to '__proto__' is not allowed/],
    ['{{ x.__defineGetter__ }}', /access to '__defineGetter__' is not allowed/],
    ['{{ joiner }}', /position 3 .*access to 'joiner' is not allowed/],
    ['{{ namespace(a=1) }}', /position 3 .*access to 'namespace' is not allowed/],
    ['{{ globalThis }}', /position 3 .*access to 'globalThis' is not allowed/],
    ['{{ process.env }}', /position 3 .*access to 'process' is not allowed/],
    ["{{ require('fs') }}", /position 3 .*access to 'require' is not allowed/],
    ["{{ import('fs') }}", /position 3 .*access to 'import' is not allowed/],
    ['{{ this }}', /position 3 .*access to 'this' is not allowed/],
    ['{{ arguments }}', /access to 'arguments' is not allowed/],
    ['{{ Function }}', /position 3 .*access to 'Function' is not allowed/],
    ["{{ eval('1') }}", /position 3 .*access to 'eval' is not allowed/],
    ['{{ Object.keys(x) }}', /access to 'Object' is not allowed/],
    ['{{ "a".constructor.constructor("return process")() }}', /position 7 .*access to 'constructor' is not allowed/],
    ["{{ response.constructor('x') }}", /position 12 .*access to 'constructor' is not allowed/],
    ['{{ response.prototype }}', /access to 'prototype' is not allowed/],
    ["{{ response['__proto__'] }}", /position 12 .*access to '__proto__' is not allowed/],
    ["{{ response['constructor']['prototype'] }}", /access to 'constructor' is not allowed/],
    ["{{ {'__proto__': {'polluted': 1}} }}", /position 4 .*access to '__proto__' is not allowed/],
    ['{{ x.constructor.prototype.polluted }}', /access to 'constructor' is not allowed/],
    ["{{ x.__getattribute__('a') }}", /access to '__getattribute__' is not allowed/],
    ['{{ x.split.__call__ }}', /access to '__call__' is not allowed/],
    ['{{ now_utc.__globals__ }}', /position 3 .*'now_utc' is a function: it can only be called/],
    ['{{ max.x }}', /position 3 .*'max' is a function/],
    ['{{ format_datetime }}', /'format_datetime' is a function/],
    ["{{ x | attr('constructor') }}", /position 7 .*unknown filter 'attr'/],
    ["{{ x | map('upper') | list }}", /unknown filter 'map'/],
    ['{{ foo() }}', /position 3 .*calling 'foo' is not allowed; allowed functions: now_utc/],
    ['{{ x[0]() }}', /calling '0' is not allowed/],
    ['{{ (x | first)() }}', /calling this value is not allowed/],
    ['{{ x | default(x.constructor) }}', /access to 'constructor' is not allowed/],
    ['{% set x = 1 %}', /position 0 .*statements \(\{% %\}\) are not supported/],
    ["{% for c in ''.__class__.__mro__ %}{% endfor %}", /statements \(\{% %\}\) are not supported/],
  ];
  for (const [template, message] of refusedOnParse) {
    test(`refuses ${template} when it is parsed`, () => {
      assertRefused(() => checkTemplate(template), message);
      assertRefused(() => renderString(template, { x: {}, response: {}, config: {}, record: {} }), message);
    });
  }

  /** Keys that only exist at run time are refused when they are used. */
  const refusedOnEvaluation: Array<[template: string, context: ExpressionContext, message: RegExp]> = [
    ['{{ x[k] }}', { x: {}, k: '__proto__' }, /position 5 .*access to '__proto__' is not allowed/],
    ['{{ x[k] }}', { x: {}, k: 'constructor' }, /access to 'constructor' is not allowed/],
    ['{{ x[k][k] }}', { x: [], k: 'constructor' }, /access to 'constructor' is not allowed/],
    ["{{ x.get('__proto__') }}", { x: {} }, /access to '__proto__' is not allowed/],
    ['{{ x.get(k) }}', { x: {}, k: 'constructor' }, /access to 'constructor' is not allowed/],
    ['{{ {k: {"polluted": 1}} }}', { k: '__proto__' }, /access to '__proto__' is not allowed/],
    ['{{ x[k] }}', { x: JSON.parse('{"__proto__": {"polluted": 1}}'), k: '__proto__' }, /access to '__proto__'/],
  ];
  for (const [template, context, message] of refusedOnEvaluation) {
    test(`refuses ${template} with ${JSON.stringify(context)} when it runs`, () => {
      assertRefused(() => renderString(template, context), message);
    });
  }

  /** Denied keys built at run time, by concatenation, slicing, methods, filters or dict literals, are still refused. */
  const refusedWhenComputed: Array<[template: string, context: ExpressionContext, denied: string]> = [
    ["{{ x['constr' ~ 'uctor'] }}", { x: {} }, 'constructor'],
    ["{{ x['__pro' ~ 'to__'] }}", { x: {} }, '__proto__'],
    ["{{ x['con' + 'structor'] }}", { x: {} }, 'constructor'],
    ["{{ x.get('__pro' ~ 'to__', 1) }}", { x: {} }, '__proto__'],
    ["{{ x.get('constructor', 1) }}", { x: {} }, 'constructor'],
    ['{{ x.get(k, x) }}', { x: {}, k: 'toString' }, 'toString'],
    ["{{ {'constr' ~ 'uctor': 1} }}", {}, 'constructor'],
    ["{{ {'__' ~ 'proto__': {'polluted': 1}} }}", {}, '__proto__'],
    ["{{ {k ~ '': 1} }}", { k: '__proto__' }, '__proto__'],
    ["{{ x['__proto__'[0:9]] }}", { x: {} }, '__proto__'],
    ["{{ x['rotcurtsnoc'[::-1]] }}", { x: {} }, 'constructor'],
    ["{{ x[('_' * 2) ~ 'proto' ~ ('_' * 2)] }}", { x: {} }, '__proto__'],
    ['{{ x[k.upper().lower()] }}', { x: {}, k: 'CONSTRUCTOR' }, 'constructor'],
    ['{{ x[k.strip()] }}', { x: {}, k: ' constructor ' }, 'constructor'],
    ["{{ x[k.replace('X', 'constructor')] }}", { x: {}, k: 'X' }, 'constructor'],
    ["{{ x[('a,constructor'.split(','))[1]] }}", { x: {} }, 'constructor'],
    ["{{ x[['constructor'] | first] }}", { x: {} }, 'constructor'],
    ["{{ x[['__proto__'] | join('')] }}", { x: {} }, '__proto__'],
    ['{{ x[k | string] }}', { x: {}, k: '__proto__' }, '__proto__'],
    ['{{ x[k | lower] }}', { x: {}, k: 'CONSTRUCTOR' }, 'constructor'],
    ['{{ x[k | trim] }}', { x: {}, k: ' __proto__ ' }, '__proto__'],
    ['{{ x[x.keys() | first] }}', { x: JSON.parse('{"__proto__": 1}') as object }, '__proto__'],
    ["{{ x[0]['__proto__'] }}", { x: [{}] }, '__proto__'],
  ];
  for (const [template, context, denied] of refusedWhenComputed) {
    test(`refuses ${template} with ${JSON.stringify(context)} when it runs`, () => {
      assertRefused(() => renderString(template, context), new RegExp(`access to '${denied}' is not allowed$`));
    });
  }

  /** Infinite numbers and odd slices give Python's answers, never a JavaScript property or a crash. */
  const edgeValues: Array<[template: string, context: ExpressionContext, expected: string | RegExp]> = [
    ['{{ 1e309 }}', {}, 'inf'],
    ['{{ -1e309 }}', {}, '-inf'],
    ['{{ x[1e309] }}', { x: { Infinity: 'leak' } }, ''],
    ['{{ x[1e309] }}', { x: [1, 2] }, ''],
    ['{{ 1e309 | int }}', {}, '0'],
    ['{{ int(1e309) }}', {}, /cannot convert float inf to integer$/],
    ["{{ 'x' * 1e309 }}", {}, /unsupported operand type\(s\) for \*: 'str' and 'float'$/],
    ['{{ x[1e309:] }}', { x: [1, 2] }, /slice indices must be integers or None$/],
    ['{{ x[0:1:1e309] }}', { x: [1, 2] }, /slice indices must be integers or None$/],
    ['{{ x[::0] }}', { x: [1, 2] }, /slice step cannot be zero$/],
    ['{{ x[::-1] }}', { x: [1, 2] }, '[2, 1]'],
    ["{{ 'abc'[-100:100] }}", {}, 'abc'],
    ["{{ max(x, key='constructor') }}", { x: [1] }, /max\(\) takes no keyword arguments$/],
  ];
  for (const [template, context, expected] of edgeValues) {
    test(`evaluates ${template} with ${JSON.stringify(context)} as Python would`, () => {
      if (typeof expected === 'string') assert.equal(renderString(template, context), expected);
      else assertRefused(() => renderString(template, context), expected);
    });
  }

  /** One evaluation has one budget of steps, list items and characters, whatever it spends them on. */
  const overBudget: Array<[template: string, context: ExpressionContext, message: RegExp]> = [
    ['{{ [[0]*1000000]*1000000 }}', {}, /creates more than 250,000 list items and dict entries$/],
    ['{{ [[0]*1000000]*1000000 == [[0]*1000000]*1000000 }}', {}, /more than 250,000 list items/],
    ['{{ [response.s * 250000] * 1000 }}', { response: { s: 'abcd' } }, /creates more than 2,000,000 characters$/],
    [
      '{{ a == b }}',
      { a: Array(2000).fill(Array(2000).fill(0)), b: Array(2000).fill(Array(2000).fill(0)) },
      /takes more than 300,000 steps$/,
    ],
    [
      '{{ a < b }}',
      { a: Array(2000).fill(Array(2000).fill(0)), b: Array(2000).fill(Array(2000).fill(0)) },
      /more than 300,000 steps/,
    ],
    ['{{ a }}', { a: Array(2000).fill(Array(2000).fill(0)) }, /more than 300,000 steps/],
    ['{{ a | tojson }}', { a: Array(2000).fill(Array(2000).fill(0)) }, /more than 300,000 steps/],
    ['{{ max(a) }}', { a: Array(400_000).fill(1) }, /more than 300,000 steps/],
    ["{{ a | join(',') }}", { a: Array(300_000).fill('') }, /more than 250,000 list items/],
    ['{{ (s * 999999) in (s * 999999) }}', { s: 'a' }, /creates more than 2,000,000 characters$/],
    ["{{ ('a' * 999999).replace('', 'bb') }}", {}, /result is longer than 1,000,000 characters$/],
    ["{{ s.split('x') }}", { s: 'x'.repeat(999_999) }, /more than 250,000 list items/],
    ['{{ s[::-1] ~ s[::-1] }}', { s: 'xy'.repeat(499_999) }, /creates more than 2,000,000 characters$/],
    ["{{ ('ab' * 500000) ~ ('ab' * 500000) }}", {}, /result is longer than 1,000,000 characters$/],
    [
      '{{ x.items() }}',
      { x: Object.fromEntries(Array.from({ length: 90_000 }, (_, i) => [`k${i}`, i])) },
      /more than 250,000 list items/,
    ],
  ];
  for (const [template, context, message] of overBudget) {
    test(`stops ${template.length > 60 ? `${template.slice(0, 60)}…` : template} at its budget`, () => {
      const started = performance.now();
      assertRefused(() => renderString(template, context), message);
      assert.ok(performance.now() - started < 2000, 'within 2 s');
    });
  }

  /** The heaviest evaluations the budget still allows, and the most costly ways to reach its end. */
  const heaviest: Array<[template: string, context: ExpressionContext]> = [
    ...overBudget.map(([template, context]): [string, ExpressionContext] => [template, context]),
    ['{{ ([1]*120000) == ([1]*120000) }}', {}],
    ['{{ ([1]*100000) | tojson | length }}', {}],
    ["{{ ([1]*249000) | join(',') | length }}", {}],
    ['{{ a | length }}', { a: Array(240_000).fill('x'.repeat(8)) }],
  ];
  test('no evaluation holds the event loop for 100 ms: each costs less CPU, budget or not', () => {
    for (const [template, context] of heaviest) {
      const costs = [0, 1, 2].map(() => {
        const before = process.cpuUsage();
        try {
          renderString(template, context);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
        }
        const spent = process.cpuUsage(before);
        return (spent.user + spent.system) / 1000;
      });
      const median = costs.sort((a, b) => a - b)[1]!;
      assert.ok(median < 100, `${template.slice(0, 60)} took ${median.toFixed(0)} ms of CPU`);
    }
  });

  test('refuses at validation a template that exceeds its budget whatever the data', () => {
    assertRefused(() => checkTemplate('{{ [[0]*1000000]*1000000 }}'), /more than 250,000 list items/);
    assertRefused(() => checkTemplate('{{ x ~ ([[0]*1000000]*1000000 == [[0]*1000000]*1000000) }}'), /250,000/);
    assert.doesNotThrow(() => checkTemplate('{{ [response.s * 250000] * 1000 }}'), 'depends on the response');
    assert.doesNotThrow(() => checkTemplate('{{ [0] * 1000 }}'));
    assert.doesNotThrow(() => checkTemplate('{{ 1 / 0 }}'), 'other failures are left to run time');
  });

  test('names where in a config a template exceeds its budget', () => {
    const config = {
      client: { base_url: 'http://api.test/' },
      resources: [{ name: 'a', endpoint: { path: '/a', params: { q: '{{ [[0]*1000000]*1000000 }}', ok: '{{ 1 }}' } } }],
    };
    assert.deepEqual(templateProblems(config), [
      'resources[0].endpoint.params.q: expression error at position 7 in "{{ [[0]*1000000]*1000000 }}": evaluation creates more than 250,000 list items and dict entries',
    ]);
    assert.deepEqual(configProblems(config), templateProblems(config), 'validation reports it');
  });

  test('gives each evaluation a fresh budget', () => {
    for (let i = 0; i < 5; i++) assert.equal(renderString("{{ ('ab' * 500000) | length }}", {}), '1000000');
  });

  /** Work is bounded: templates, results and nesting all have limits. */
  const bounded: Array<[name: string, template: string, message: RegExp]> = [
    [
      'a template longer than 10,000 characters',
      `{{ '${'a'.repeat(10_000)}' }}`,
      /template is longer than 10,000 characters/,
    ],
    ['a string longer than 1,000,000 characters', "{{ 'a' * 1000001 }}", /result is longer than 1,000,000 characters/],
    ['a concatenation past the limit', "{{ ('ab' * 500000) ~ 'c' }}", /result is longer than 1,000,000 characters/],
    ['a list repetition past the limit', '{{ [1, 2] * 600000 }}', /result is longer than 1,000,000/],
    [
      'a replace that grows past the limit',
      "{{ ('a' * 600000).replace('a', 'bb') }}",
      /result is longer than 1,000,000 characters/,
    ],
    ['deeply nested parentheses', `{{ ${'('.repeat(100)}1${')'.repeat(100)} }}`, /nested more than 64 levels deep/],
    ['a long chain of nots', `{{ ${'not '.repeat(100)}x }}`, /nested more than 64 levels deep/],
    ['a long chain of attributes', `{{ x${'.a'.repeat(300)} }}`, /more than 200 levels deep/],
  ];
  for (const [name, template, message] of bounded) {
    test(`refuses ${name}`, () => assertRefused(() => renderString(template, {}), message));
  }

  test('renders a result of exactly 1,000,000 characters', () => {
    assert.equal(renderString("{{ 'ab' * 500000 }}", {}).length, 1_000_000);
  });

  test('never reads inherited properties', () => {
    const inherited = Object.create({ secret: 'from the prototype' }) as object;
    assert.equal(renderString('{{ obj.secret }}', { obj: inherited }), '');
    assert.equal(
      renderString('{{ obj.secret }}', { obj: Object.assign(Object.create(null), { secret: 'own' }) }),
      'own',
    );
    assert.equal(renderString('{{ items.length }}|{{ text.length }}', { items: [1, 2], text: 'abc' }), '|');
  });

  test('never runs getters or functions found in the data', () => {
    let touched = false;
    const obj = {
      get lazy() {
        touched = true;
        return 'ran';
      },
      get: () => {
        touched = true;
        return 'ran';
      },
    };
    assert.equal(renderString("{{ obj.lazy }}|{{ obj.get('lazy') }}|{{ obj.get('x', 1) }}", { obj }), '||1');
    assertRefused(() => renderString('{{ obj.lazy() }}', { obj }), /calling 'lazy' is not allowed/);
    assertRefused(() => renderString('{{ fn() }}', { fn: () => (touched = true) }), /calling 'fn' is not allowed/);
    assert.equal(touched, false);
  });

  test('keeps a dict literal with a __proto__ key that comes from data as text', () => {
    const text = "{'__proto__': {'polluted': True}}";
    assert.equal(renderValue('{{ v }}', { v: text }), text);
    const parsed = JSON.parse('{"__proto__": {"polluted": 1}}') as object;
    assert.equal(renderValue('{{ v }}', { v: parsed }), "{'__proto__': {'polluted': 1}}");
    assert.equal(evaluateCondition('{{ v.polluted }}', { v: parsed }), false);
  });

  test('builds dicts as plain data without touching prototypes', () => {
    const value = renderValue("{{ {'constructor_name': 1, 'polluted': 2} }}", {});
    assert.deepEqual(value, { constructor_name: 1, polluted: 2 });
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });

  // Runs last: node:test runs the tests of a suite in order.
  test('leaves every prototype as it found it after all the attempts above', () => {
    assert.deepEqual(snapshot(), original, 'no prototype gained or lost a property');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(([] as unknown as Record<string, unknown>).polluted, undefined);
  });
});
