import type { JsonValue } from '../json';
import type { ColumnHint } from './destination';
import { parseIsoDate, parseIsoTimestamp } from './iso-timestamp';

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

/**
 * Whether a string is a timestamp dlt's default schema detects (see {@link parseIsoTimestamp}). Anything else stays
 * text, so a page never fails on a cast.
 */
export function isTimestampString(value: string): boolean {
  return utcTimestamp(value) !== undefined;
}

// Type inference parses a timestamp, and the coercion that follows parses the same string again: remember the last.
let lastTimestamp: { value: string; utc: string | undefined } = { value: '', utc: undefined };

/** The UTC form of a timestamp string, or undefined. */
function utcTimestamp(value: string): string | undefined {
  if (lastTimestamp.value !== value) lastTimestamp = { value, utc: parseIsoTimestamp(value) };
  return lastTimestamp.utc;
}

function isDateString(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * The type sluice infers for a value: integers within JavaScript's safe range are bigint, other numbers double (and
 * a {@link NumberLiteral} the type of its text),
 * the timestamps dlt detects timestamp, other strings text (so big integers sent as strings keep every digit), nested data json.
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
  if (to === 'timestamp' && typeof value === 'string') {
    // Stored in UTC, as dlt stores them; a date fits at its midnight, as dlt's coercion reads one.
    return utcTimestamp(value) ?? parseIsoDate(value) ?? DOES_NOT_FIT;
  }
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
