import { allocate, allocateItems, scan } from './budget';
import { datetimeField } from './datetime';
import { fail } from './expression-error';
import { deniedMessage, isDeniedKey } from './sandbox';
import { isDate, isMapping, readOwn, typeName } from './value-kinds';

/** A string's characters (code points), charged to the evaluation's budget. */
function characters(text: string): string[] {
  allocate(2 * text.length);
  return Array.from(text);
}

/** The character (code point) at an index of a string, negative from the end, without splitting the string. */
function characterAt(text: string, index: number): string | undefined {
  scan(2 * text.length);
  let count = 0;
  if (index < 0) {
    for (let i = 0; i < text.length; i++, count++) if (text.codePointAt(i)! > 0xffff) i++;
    index += count;
    if (index < 0) return undefined;
    count = 0;
  }
  for (let i = 0; i < text.length; i++, count++) {
    const code = text.codePointAt(i)!;
    if (count === index) return String.fromCodePoint(code);
    if (code > 0xffff) i++;
  }
  return undefined;
}

function at(items: readonly unknown[], index: number): unknown {
  const position = index < 0 ? items.length + index : index;
  return position >= 0 && position < items.length ? readOwn(items, String(position)) : undefined;
}

/**
 * Jinja's `a.b` and `a['b']` on data: own properties of dicts, indexes (negative too) of lists and strings, and a
 * datetime's fields. Anything missing is Undefined. Nothing is ever read from a prototype or through a getter.
 */
export function getMember(target: unknown, key: unknown): unknown {
  if (typeof key === 'string' && isDeniedKey(key)) fail(deniedMessage(key));
  const index = typeof key === 'number' && Number.isInteger(key) ? key : undefined;
  if (Array.isArray(target)) return index === undefined ? undefined : at(target, index);
  if (typeof target === 'string') return index === undefined ? undefined : characterAt(target, index);
  if (isMapping(target)) {
    if (typeof key === 'string') return readOwn(target, key);
    return typeof key === 'number' && Number.isFinite(key) ? readOwn(target, String(key)) : undefined;
  }
  if (isDate(target) && typeof key === 'string') return datetimeField(target, key);
  return undefined;
}

function sliceBound(value: unknown, length: number, fallback: number, low: number, high: number): number {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) fail('slice indices must be integers or None');
  return Math.min(Math.max(value < 0 ? value + length : value, low), high);
}

/** Python's `seq[start:stop:step]` on lists and strings; Undefined and None slice to Undefined. */
export function getSlice(target: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (target === undefined || target === null) return undefined;
  if (typeof target !== 'string' && !Array.isArray(target)) fail(`'${typeName(target)}' object is not subscriptable`);
  const items: unknown[] = typeof target === 'string' ? characters(target) : target;
  const stride = step === null || step === undefined ? 1 : step;
  if (typeof stride !== 'number' || !Number.isInteger(stride)) fail('slice indices must be integers or None');
  if (stride === 0) fail('slice step cannot be zero');
  const n = items.length;
  const length = Math.ceil(n / Math.abs(stride));
  if (typeof target === 'string') allocate(length);
  else allocateItems(length);
  const out: unknown[] = [];
  if (stride > 0) {
    const end = sliceBound(stop, n, n, 0, n);
    for (let i = sliceBound(start, n, 0, 0, n); i < end; i += stride) out.push(items[i]);
  } else {
    const end = sliceBound(stop, n, -1, -1, n - 1);
    for (let i = sliceBound(start, n, n - 1, -1, n - 1); i > end; i += stride) out.push(items[i]);
  }
  return typeof target === 'string' ? out.join('') : out;
}
