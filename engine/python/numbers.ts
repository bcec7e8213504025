import { PythonSyntaxError } from './syntax-error';

/** Decimal digits, with single underscores between them. */
export const DIGITS = String.raw`\d(?:_?\d)*`;
/** A decimal float or integer without a sign: `1`, `1.`, `.5`, `1_000.5e-3`. */
export const DECIMAL_NUMBER = String.raw`(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?`;
const RADIX_INTEGER = '0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+';
const NUMBER = new RegExp(`${RADIX_INTEGER}|${DECIMAL_NUMBER}`, 'y');
const INTEGER = new RegExp(`${RADIX_INTEGER}|${DIGITS}`, 'y');
/** What may not follow a number: `1j`, `1__0`, `0x1g`. */
const TAIL = /[\p{L}\p{N}_.]*/uy;

/** A number literal as Python reads it. */
export interface PythonNumber {
  /** The source text. */
  text: string;
  /** The value; that of an integer beyond Number.MAX_SAFE_INTEGER is not exact. */
  value: number;
  /** Whether Python reads it as an int rather than a float. */
  integer: boolean;
  /** The offset just after it. */
  end: number;
}

/**
 * Reads the Python number literal at `pos` (a digit, or a dot before one): ints in any base, floats, underscores
 * between digits. With `integerOnly`, stops before a dot, as after `items.` in `items.0.name`. Throws a
 * PythonSyntaxError for what Python refuses: leading zeros, complex numbers, misplaced underscores.
 */
export function readNumber(text: string, pos: number, integerOnly = false): PythonNumber {
  const pattern = integerOnly ? INTEGER : NUMBER;
  pattern.lastIndex = pos;
  const literal = pattern.exec(text)?.[0] ?? '';
  const end = pos + literal.length;
  TAIL.lastIndex = end;
  const extra = TAIL.exec(text)![0];
  if (literal === '' || /^[\p{L}\p{N}_]/u.test(extra)) {
    throw new PythonSyntaxError(pos, `invalid number '${literal}${extra}'`);
  }
  const digits = literal.replace(/_/g, '');
  if (/^0\d*$/.test(digits) && /[1-9]/.test(digits)) {
    throw new PythonSyntaxError(pos, `invalid number '${literal}': leading zeros are not allowed`);
  }
  const integer = /^0[xXoObB]/.test(literal) || !/[.eE]/.test(literal);
  return { text: literal, value: Number(digits), integer, end };
}
