import type { Callable } from './callables';
import { EvaluationFailure } from './expression-error';
import { toJson } from './python-json';
import { pyFloat, pyInt } from './python-numbers';
import { pyStrip } from './python-strings';
import { pyIterate, pyLen, pyStr, truthy } from './python-values';

/** Jinja's `int`: an int, else an int of a float, else the default. */
function jinjaInt(value: unknown, fallback: unknown): unknown {
  for (const convert of [pyInt, (v: unknown) => pyInt(pyFloat(v))]) {
    try {
      return convert(value);
    } catch (error) {
      if (!(error instanceof EvaluationFailure)) throw error;
    }
  }
  return fallback;
}

/** Jinja's `float`: a float, else the default. */
function jinjaFloat(value: unknown, fallback: unknown): unknown {
  try {
    return pyFloat(value);
  } catch (error) {
    if (!(error instanceof EvaluationFailure)) throw error;
    return fallback;
  }
}

const length: Callable = { params: [], run: ([value]) => pyLen(value) };
const fallback: Callable = {
  params: [
    { name: 'default_value', default: '' },
    { name: 'boolean', default: false },
  ],
  run: ([value, otherwise, boolean]) =>
    value === undefined || (truthy(boolean) && !truthy(value)) ? otherwise : value,
};

/** The filters a template may apply with `|`: Jinja's built-ins of these names, with their parameters. */
export const FILTERS: ReadonlyMap<string, Callable> = new Map<string, Callable>([
  ['default', fallback],
  ['d', fallback],
  ['string', { params: [], run: ([value]) => pyStr(value) }],
  ['int', { params: [{ name: 'default', default: 0 }], run: ([value, otherwise]) => jinjaInt(value, otherwise) }],
  ['float', { params: [{ name: 'default', default: 0 }], run: ([value, otherwise]) => jinjaFloat(value, otherwise) }],
  ['length', length],
  ['count', length],
  ['lower', { params: [], run: ([value]) => pyStr(value).toLowerCase() }],
  ['upper', { params: [], run: ([value]) => pyStr(value).toUpperCase() }],
  ['trim', { params: [{ name: 'chars', default: null }], run: ([value, chars]) => pyStrip(pyStr(value), chars) }],
  ['tojson', { params: [], run: ([value]) => toJson(value) }],
  ['first', { params: [], run: ([value]) => pyIterate(value)[0] }],
  ['last', { params: [], run: ([value]) => pyIterate(value).at(-1) }],
  [
    'join',
    {
      params: [{ name: 'd', default: '' }],
      run: ([value, separator]) => pyIterate(value).map(pyStr).join(pyStr(separator)),
    },
  ],
]);
