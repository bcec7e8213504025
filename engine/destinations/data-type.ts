import type { JsonValue } from '../json';
import type { ColumnHint } from './destination';

/** A column's logical type: what sluice infers (bigint, double, bool, text, timestamp, json) or a hint names. */
export type DataType = NonNullable<ColumnHint['data_type']>;

/** A value ready to bind: JSON and nested data already serialised to text. */
export type CellValue = string | number | boolean | null;

/** Returned by {@link coerceValue} when a value does not fit a column and must go to a variant column. */
export const DOES_NOT_FIT: unique symbol = Symbol('does not fit');

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|([+-])(\d{2}):?(\d{2})?)?$/;
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
 * Whether a string is an ISO-8601 timestamp with a time part that both databases accept: a real calendar date, a
 * valid time, and an offset PostgreSQL understands. Anything else stays text, so a page never fails on a cast.
 */
export function isTimestampString(value: string): boolean {
  // Most text is not a timestamp: look at the dashes before running the regex.
  if (value.length < 16 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, , oh] = m;
  if (!validDate(Number(y), Number(mo), Number(d))) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return false;
  return oh === undefined || Number(oh) <= 15;
}

function isDateString(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * The type sluice infers for a value: integers within JavaScript's safe range are bigint, other numbers double,
 * ISO timestamps timestamp, other strings text (so big integers sent as strings keep every digit), nested data json.
 * Null has no type: it never creates a column.
 */
export function inferDataType(value: JsonValue): DataType | undefined {
  if (value === null) return undefined;
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
export function coerceValue(value: JsonValue, from: DataType, to: DataType): CellValue | typeof DOES_NOT_FIT {
  if (value === null) return null;
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
