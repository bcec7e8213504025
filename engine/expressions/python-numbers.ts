import { fail } from './expression-error';
import { quoteString } from '../python/escapes';
import { DECIMAL_NUMBER, DIGITS } from '../python/numbers';
import { typeName } from './value-kinds';

const INT_STRING = new RegExp(`^[+-]?${DIGITS}$`);
const FLOAT_STRING = new RegExp(`^[+-]?${DECIMAL_NUMBER}$`);

/**
 * Python's str() of a number. JavaScript has one number type, so integral values print as Python ints (`2`, never
 * `2.0`) and the others as Python's float repr (`0.1`, `1e-05`).
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) return String(value);
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** Python's int(): floats truncate, strings must spell an integer (spaces and underscores allowed). */
export function pyInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`cannot convert float ${formatNumber(value)} to integer`);
    return Math.trunc(value) || 0;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (INT_STRING.test(text)) return Number(text.replace(/_/g, ''));
    fail(`invalid literal for int() with base 10: ${quoteString(value)}`);
  }
  return fail(`int() argument must be a string or a number, not '${typeName(value)}'`);
}

/** Python's float(): numbers, and strings such as `1.5`, `1e3`, `inf` and `nan`. */
export function pyFloat(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (FLOAT_STRING.test(text)) return Number(text.replace(/_/g, ''));
    const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
    if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
    fail(`could not convert string to float: ${quoteString(value)}`);
  }
  return fail(`float() argument must be a string or a real number, not '${typeName(value)}'`);
}
