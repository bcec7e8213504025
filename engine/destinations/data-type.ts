import type { JsonValue } from '../json';
import type { ColumnHint } from './destination';

/** A column's logical type: what sluice infers (bigint, double, bool, text, timestamp, json) or a hint names. */
export type DataType = NonNullable<ColumnHint['data_type']>;

/** A value ready to bind: JSON and nested data already serialised to text. */
export type CellValue = string | number | boolean | null;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A number from a response body whose text says more than its JavaScript value: `1.0` is a double, and an integer
 * beyond 2^53 keeps every digit. Within int64 such an integer is a bigint, bound as its digits; beyond, as dlt cannot
 * load it either, it is text.
 */
export class NumberLiteral {
  /** The type the number's text gives it. */
  readonly type: 'bigint' | 'double' | 'text';
  constructor(readonly text: string) {
    if (!/^-?\d+$/.test(text)) this.type = 'double';
    else this.type = BigInt(text) >= INT64_MIN && BigInt(text) <= INT64_MAX ? 'bigint' : 'text';
  }
  /** The number as JSON: what nested data and error messages show. */
  toJSON(): number {
    return Number(this.text);
  }
  toString(): string {
    return this.text;
  }
}

/** A value of a normalised row: JSON, or a number that keeps its text. */
export type RowValue = JsonValue | NumberLiteral;

/** Returned by {@link coerceValue} when a value does not fit a column and must go to a variant column. */
export const DOES_NOT_FIT: unique symbol = Symbol('does not fit');

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER = /^-?\d{1,16}$/;
const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0);
}

/** The number written by `length` ASCII digits at `at`, or -1 when any is not a digit. */
function digitsAt(value: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    n = n * 10 + digit;
  }
  return n;
}

const [DASH, COLON, DOT, PLUS, SPACE] = [45, 58, 46, 43, 32];
const TIME_SEPARATORS = new Set([84, 116, SPACE]); // T, t, space
const UTC = new Set([90, 122]); // Z, z

/**
 * Whether a string is an ISO-8601 timestamp with a time part that both databases accept: a real calendar date, a
 * valid time, and an offset PostgreSQL understands. Anything else stays text, so a page never fails on a cast.
 * Accepts `YYYY-MM-DD[Tt ]HH:MM[:SS[.f{1,9}]][Z|±HH[[:]MM]]`. Read character by character: it runs on every string
 * of every record, and a regular expression with captures cost more than the rest of type inference together.
 */
export function isTimestampString(value: string): boolean {
  const length = value.length;
  if (length < 16 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return false;
  const [year, month, day] = [digitsAt(value, 0, 4), digitsAt(value, 5, 2), digitsAt(value, 8, 2)];
  if (!TIME_SEPARATORS.has(value.charCodeAt(10)) || value.charCodeAt(13) !== COLON) return false;
  const [hour, minute] = [digitsAt(value, 11, 2), digitsAt(value, 14, 2)];
  let at = 16;
  let second = 0;
  if (value.charCodeAt(at) === COLON) {
    second = digitsAt(value, at + 1, 2);
    at += 3;
    if (value.charCodeAt(at) === DOT) {
      const start = ++at;
      while (at < length && digitsAt(value, at, 1) >= 0) at++;
      if (at === start || at - start > 9) return false;
    }
  }
  const zone = value.charCodeAt(at);
  if (UTC.has(zone)) {
    at += 1;
  } else if (zone === PLUS || zone === DASH) {
    const offsetHours = digitsAt(value, at + 1, 2);
    if (offsetHours < 0 || offsetHours > 15) return false;
    at += 3;
    if (value.charCodeAt(at) === COLON) at += 1;
    if (at < length && digitsAt(value, at, 2) < 0) return false;
    if (at < length) at += 2;
  }
  if (at !== length || year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return false;
  return validDate(year, month, day) && hour <= 23 && minute <= 59 && second <= 59;
}

function isDateString(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * The type sluice infers for a value: integers within JavaScript's safe range are bigint, other numbers double (and
 * a {@link NumberLiteral} the type of its text),
 * ISO timestamps timestamp, other strings text (so big integers sent as strings keep every digit), nested data json.
 * Null has no type: it never creates a column.
 */
export function inferDataType(value: RowValue): DataType | undefined {
  if (value === null) return undefined;
  if (value instanceof NumberLiteral) return value.type;
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isSafeInteger(value) ? 'bigint' : 'double';
    case 'string':
      return isTimestampString(value) ? 'timestamp' : 'text';
    default:
      return 'json';
  }
}

/**
 * Converts a value of type `from` for a column of type `to`, where that loses nothing (a number into double or text,
 * `"42"` into bigint), or returns {@link DOES_NOT_FIT}.
 */
export function coerceValue(value: RowValue, from: DataType, to: DataType): CellValue | typeof DOES_NOT_FIT {
  if (value === null) return null;
  if (value instanceof NumberLiteral) return coerceLiteral(value, to);
  if (from === 'json' || to === 'json') {
    return to === 'json' || to === 'text' ? JSON.stringify(value) : DOES_NOT_FIT;
  }
  if (from === to) return value as CellValue;
  switch (to) {
    case 'text':
    case 'binary':
      return String(value);
    case 'double':
      if (from === 'bigint') return value as number;
      if (from === 'text' && DECIMAL.test(value as string) && Number.isFinite(Number(value))) return Number(value);
      return DOES_NOT_FIT;
    case 'bigint':
      if (from === 'double' && Number.isSafeInteger(value)) return value as number;
      if (from === 'text' && INTEGER.test(value as string) && Number.isSafeInteger(Number(value))) return Number(value);
      return DOES_NOT_FIT;
    case 'decimal':
      if (from === 'bigint' || from === 'double') return value as number;
      return from === 'text' && DECIMAL.test(value as string) ? (value as string) : DOES_NOT_FIT;
    case 'bool':
      if (value === 'true' || value === 'false') return value === 'true';
      return DOES_NOT_FIT;
    case 'date':
      return typeof value === 'string' && isDateString(value) ? value : DOES_NOT_FIT;
    default:
      return DOES_NOT_FIT;
  }
}

/** {@link coerceValue} for a number that keeps its text: exact digits where the column holds them exactly. */
function coerceLiteral(literal: NumberLiteral, to: DataType): CellValue | typeof DOES_NOT_FIT {
  switch (to) {
    case 'bigint':
      // Digits bind exactly into PostgreSQL's bigint and SQLite's INTEGER, where a JavaScript number would round.
      if (literal.type === 'bigint') return literal.text;
      return Number.isSafeInteger(Number(literal.text)) ? Number(literal.text) : DOES_NOT_FIT;
    case 'double':
      return Number(literal.text);
    case 'text':
    case 'binary':
    case 'decimal':
    case 'json':
      return literal.text;
    default:
      return DOES_NOT_FIT;
  }
}
