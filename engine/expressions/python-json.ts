import { allocate, spend } from './budget';
import { fail } from './expression-error';
import { MAX_VALUE_DEPTH } from './limits';
import { formatNumber } from './python-numbers';
import { pyStr } from './python-values';
import { isDate, isMapping, ownKeys, readOwn, typeName } from './value-kinds';

const HTML_UNSAFE: ReadonlyMap<string, string> = new Map([
  ['<', '\\u003c'],
  ['>', '\\u003e'],
  ['&', '\\u0026'],
  ["'", '\\u0027'],
]);

/** A JSON string as Python's json.dumps writes it (ensure_ascii): every character outside printable ASCII escaped. */
function jsonString(text: string): string {
  allocate(text.length + 2);
  return JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function dumps(value: unknown, depth: number): string {
  spend();
  if (depth > MAX_VALUE_DEPTH) fail(`value is nested more than ${MAX_VALUE_DEPTH} levels deep`);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return Number.isFinite(value) ? formatNumber(value) : value > 0 ? 'Infinity' : '-Infinity';
  }
  if (typeof value === 'string') return jsonString(value);
  if (Array.isArray(value)) allocate(2 + 2 * value.length);
  if (isDate(value)) return jsonString(pyStr(value));
  if (Array.isArray(value)) return `[${value.map((item) => dumps(item, depth + 1)).join(', ')}]`;
  if (isMapping(value)) {
    const keys = ownKeys(value).sort();
    return `{${keys.map((key) => `${jsonString(key)}: ${dumps(readOwn(value, key), depth + 1)}`).join(', ')}}`;
  }
  return fail(`Object of type ${typeName(value)} is not JSON serializable`);
}

/**
 * Jinja's `tojson`: Python's json.dumps with sorted keys, then `<`, `>`, `&` and `'` escaped so the text is safe in
 * HTML. Datetimes are written as their str(); Undefined as null.
 */
export function toJson(value: unknown): string {
  return dumps(value, 0).replace(/[<>&']/g, (char) => HTML_UNSAFE.get(char)!);
}
