import { wellFormedString } from '../json';
import type { DataType } from './data-type';

const NUL = String.fromCharCode(0);
const ESCAPED_NUL = '\\u0000';
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F]/;

function cleanString(value: string): string {
  return wellFormedString(value.includes(NUL) ? value.replaceAll(NUL, '') : value);
}

/**
 * Text as both databases store it alike. NUL characters are dropped, as dlt drops them: PostgreSQL cannot store them in
 * text or jsonb, and SQLite would keep them, so the same record would differ between the two. Unpaired UTF-16
 * surrogates become U+FFFD, as any UTF-8 encoder makes them: pg's encoding already does, better-sqlite3 would write
 * invalid UTF-8, and PostgreSQL refuses the `\ud800` escape JSON text carries for one. `surrogates: false` skips the
 * check for plain text where the driver replaces them itself.
 */
export function cleanText(value: string, type: DataType, surrogates: boolean): string {
  if (type === 'json') {
    if (!value.includes(ESCAPED_NUL) && !ESCAPED_SURROGATE.test(value)) return value;
    return JSON.stringify(JSON.parse(value), (_key, v: unknown) => (typeof v === 'string' ? cleanString(v) : v));
  }
  if (value.includes(NUL)) value = value.replaceAll(NUL, '');
  return surrogates ? wellFormedString(value) : value;
}
