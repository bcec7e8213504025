import { UNDEFINED, pyStr, truthy } from './python-values';

/** Reads a date from a Date, an ISO string or epoch seconds. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  const date = new Date(String(value).replace(' ', 'T'));
  if (Number.isNaN(date.getTime())) throw new Error(`cannot read '${String(value)}' as a date`);
  return date;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Python's strftime, in UTC, for the directives APIs use. */
export function strftime(date: Date, format: string): string {
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const codes: Record<string, () => string> = {
    Y: () => String(date.getUTCFullYear()),
    y: () => pad(date.getUTCFullYear() % 100),
    m: () => pad(date.getUTCMonth() + 1),
    d: () => pad(date.getUTCDate()),
    H: () => pad(date.getUTCHours()),
    M: () => pad(date.getUTCMinutes()),
    S: () => pad(date.getUTCSeconds()),
    f: () => pad(date.getUTCMilliseconds() * 1000, 6),
    z: () => '+0000',
    Z: () => 'UTC',
    s: () => String(Math.floor(date.getTime() / 1000)),
    j: () => pad(Math.floor((date.getTime() - yearStart) / 86_400_000) + 1, 3),
    a: () => DAYS[date.getUTCDay()]!,
    b: () => MONTHS[date.getUTCMonth()]!,
    '%': () => '%',
  };
  return format.replace(/%(.)/g, (match, code: string) => codes[code]?.() ?? match);
}

/** The filters templates may use. */
export const FILTERS: Record<string, (value: unknown, ...args: unknown[]) => unknown> = {
  default: (value, fallback = '') => (value === UNDEFINED || value === undefined ? fallback : value),
  string: (value) => pyStr(value),
  int: (value) => {
    const n = parseInt(pyStr(value), 10);
    return Number.isNaN(n) ? 0 : n;
  },
  float: (value) => {
    const n = parseFloat(pyStr(value));
    return Number.isNaN(n) ? 0 : n;
  },
  length: (value) => (typeof value === 'string' || Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : 0),
  lower: (value) => pyStr(value).toLowerCase(),
  upper: (value) => pyStr(value).toUpperCase(),
  trim: (value) => pyStr(value).trim(),
  tojson: (value) => JSON.stringify(value === UNDEFINED ? null : value),
  first: (value) => (Array.isArray(value) ? (value[0] ?? UNDEFINED) : UNDEFINED),
  last: (value) => (Array.isArray(value) ? (value.at(-1) ?? UNDEFINED) : UNDEFINED),
  join: (value, separator = '') => (Array.isArray(value) ? value.map(pyStr).join(pyStr(separator)) : pyStr(value)),
  bool: (value) => truthy(value),
};
FILTERS.d = FILTERS.default!;
FILTERS.count = FILTERS.length!;

/** The functions (macros) templates may call, given the clock. */
export function macros(now: () => Date): Record<string, (...args: unknown[]) => unknown> {
  return {
    now_utc: () => now(),
    today_utc: () => now().toISOString().slice(0, 10),
    format_datetime: (value, format) => strftime(toDate(value), pyStr(format)),
    timestamp: (value) => Math.floor(toDate(value).getTime() / 1000),
    day_delta: (days, format) => {
      const date = new Date(now().getTime() + Number(days) * 86_400_000);
      return format === undefined ? date.toISOString() : strftime(date, pyStr(format));
    },
    max: (...values) => (values.length === 1 && Array.isArray(values[0]) ? values[0] : values).reduce((a: any, b: any) => (b > a ? b : a)),
    min: (...values) => (values.length === 1 && Array.isArray(values[0]) ? values[0] : values).reduce((a: any, b: any) => (b < a ? b : a)),
    str: (value) => pyStr(value),
    int: (value) => FILTERS.int!(value),
    float: (value) => FILTERS.float!(value),
    len: (value) => FILTERS.length!(value),
  };
}
