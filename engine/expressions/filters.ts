import { allocate, allocateItems } from './budget';
import type { Callable } from './callables';
import { EvaluationFailure, fail } from './expression-error';
import { MAX_STRING_LENGTH, RESULT_TOO_LONG } from './limits';
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

/** A string about to be copied, charged to the evaluation's budget. */
function copied(text: string): string {
  allocate(text.length);
  return text;
}

/** Joins strings, refusing a result over the length limit before building it. */
function join(values: unknown[], separator: string): string {
  allocateItems(values.length);
  const items = values.map(pyStr);
  const length = items.reduce((sum, item) => sum + item.length, 0) + separator.length * Math.max(0, items.length - 1);
  if (length > MAX_STRING_LENGTH) fail(RESULT_TOO_LONG);
  allocate(length);
  return items.join(separator);
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
  ['lower', { params: [], run: ([value]) => copied(pyStr(value)).toLowerCase() }],
  ['upper', { params: [], run: ([value]) => copied(pyStr(value)).toUpperCase() }],
  ['trim', { params: [{ name: 'chars', default: null }], run: ([value, chars]) => pyStrip(pyStr(value), chars) }],
  ['tojson', { params: [], run: ([value]) => toJson(value) }],
  ['first', { params: [], run: ([value]) => pyIterate(value)[0] }],
  ['last', { params: [], run: ([value]) => pyIterate(value).at(-1) }],
  [
    'join',
    {
      params: [{ name: 'd', default: '' }],
      run: ([value, separator]) => join(pyIterate(value), pyStr(separator)),
    },
  ],
]);
