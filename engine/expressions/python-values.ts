import { allocate, allocateItems, scan, spend } from './budget';
import { datetimeRepr, formatPythonDatetime } from './datetime';
import { fail } from './expression-error';
import { MAX_VALUE_DEPTH } from './limits';
import { formatNumber } from './python-numbers';
import { quoteString } from '../python/escapes';
import { isDate, isMapping, ownKeys, readOwn, typeName } from './value-kinds';

/*
 * Values inside templates are JSON-like JavaScript values read as Python ones: null is None, undefined is Jinja's
 * Undefined (a missing variable, attribute or key), plain objects are dicts, arrays are lists, Dates are datetimes.
 */

/** Python's repr(): strings quoted, so that rendered lists and dicts read back through literal_eval. */
export function pyRepr(value: unknown, depth = 0): string {
  spend();
  if (depth > MAX_VALUE_DEPTH) fail(`value is nested more than ${MAX_VALUE_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    allocate(2 + 2 * value.length);
    return `[${value.map((item) => pyRepr(item, depth + 1)).join(', ')}]`;
  }
  if (isMapping(value)) {
    const keys = ownKeys(value);
    allocate(2 + 4 * keys.length);
    const entries = keys.map((key) => `${reprLeaf(key)}: ${pyRepr(readOwn(value, key), depth + 1)}`);
    return `{${entries.join(', ')}}`;
  }
  return reprLeaf(value);
}

/** The repr of a value that holds no other values, charged to the evaluation's budget as it is created. */
function reprLeaf(value: unknown): string {
  if (typeof value === 'string') allocate(value.length + 2);
  const text = leafRepr(value);
  if (typeof value !== 'string') allocate(text.length);
  return text;
}

function leafRepr(value: unknown): string {
  if (value === undefined) return 'Undefined';
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return quoteString(value);
  if (isDate(value)) return datetimeRepr(value);
  return `<${typeName(value)}>`;
}

/** Python's str() as Jinja renders it: Undefined is '', None is 'None', lists and dicts are their repr. */
export function pyStr(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (isDate(value)) return formatPythonDatetime(value, ' ');
  return pyRepr(value);
}

/** Python truthiness: None, Undefined, False, 0, '', [] and {} are false; everything else (NaN too) is true. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isMapping(value)) return ownKeys(value).length > 0;
  return true;
}

/** Iterates a value as Python does: a list's items, a string's characters, a dict's keys; Undefined is empty. */
export function pyIterate(value: unknown): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    allocate(value.length);
    return Array.from(value);
  }
  if (isMapping(value)) {
    const keys = ownKeys(value);
    allocateItems(keys.length);
    return keys;
  }
  return fail(`'${typeName(value)}' object is not iterable`);
}

/** Python's len() (Jinja's `length`): characters of a string, items of a list, keys of a dict; Undefined is 0. */
export function pyLen(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value === 'string') {
    scan(value.length);
    let characters = 0;
    for (let i = 0; i < value.length; i++, characters++) if (value.codePointAt(i)! > 0xffff) i++;
    return characters;
  }
  if (Array.isArray(value)) return value.length;
  if (isMapping(value)) return ownKeys(value).length;
  return fail(`object of type '${typeName(value)}' has no len()`);
}

/** The string argument of a function, or a Python-like TypeError. */
export function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') fail(`${what} must be str, not ${typeName(value)}`);
  return value;
}
