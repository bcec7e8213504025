import { fail } from './expression-error';
import { quoteString } from '../python/escapes';
import { isDate, typeName } from './value-kinds';

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DATETIME_FIELDS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'] as const;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Reads an ISO 8601 date or date-time; without a zone it is UTC, as Airbyte assumes. */
function parseIsoDate(text: string): Date | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day!);
  date.setUTCHours(hour!, minute!, second!, millis);
  if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day! || hour! > 23 || minute! > 59 || second! > 59) {
    return undefined;
  }
  const zone = (match[8] ?? 'Z').toUpperCase();
  if (zone === 'Z') return date;
  const digits = zone.slice(1).replace(':', '');
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * (zone.startsWith('-') ? -1 : 1);
  return new Date(date.getTime() - offset * 60_000);
}

function valid(date: Date): Date {
  if (Number.isNaN(date.getTime())) fail('date is out of range');
  return date;
}

/** Reads a date as Airbyte's macros do: a datetime, epoch seconds, or an ISO 8601 string. `caller` names the macro. */
export function toDate(value: unknown, caller: string): Date {
  if (isDate(value)) return valid(value);
  if (typeof value === 'number') return valid(new Date(value * 1000));
  if (typeof value === 'string') {
    const date = parseIsoDate(value.trim());
    return date ? valid(date) : fail(`${caller}: cannot read ${quoteString(value)} as a date`);
  }
  return fail(`${caller}: expected a date, got ${typeName(value)}`);
}

const DIRECTIVES: ReadonlyMap<string, (date: Date) => string> = new Map([
  ['Y', (d: Date) => String(d.getUTCFullYear())],
  ['y', (d: Date) => pad(d.getUTCFullYear() % 100)],
  ['m', (d: Date) => pad(d.getUTCMonth() + 1)],
  ['d', (d: Date) => pad(d.getUTCDate())],
  ['H', (d: Date) => pad(d.getUTCHours())],
  ['I', (d: Date) => pad(d.getUTCHours() % 12 || 12)],
  ['p', (d: Date) => (d.getUTCHours() < 12 ? 'AM' : 'PM')],
  ['M', (d: Date) => pad(d.getUTCMinutes())],
  ['S', (d: Date) => pad(d.getUTCSeconds())],
  ['f', (d: Date) => pad(d.getUTCMilliseconds() * 1000, 6)],
  ['j', (d: Date) => pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3)],
  ['a', (d: Date) => DAYS[d.getUTCDay()]!.slice(0, 3)],
  ['A', (d: Date) => DAYS[d.getUTCDay()]!],
  ['w', (d: Date) => String(d.getUTCDay())],
  ['b', (d: Date) => MONTHS[d.getUTCMonth()]!.slice(0, 3)],
  ['B', (d: Date) => MONTHS[d.getUTCMonth()]!],
  ['z', () => '+0000'],
  ['Z', () => 'UTC'],
  ['s', (d: Date) => String(Math.floor(d.getTime() / 1000))],
  ['%', () => '%'],
]);

/**
 * Python's strftime in UTC for the directives APIs use (%Y %m %d %H %M %S %f %z %Z %s %j %a %A %b %B %y %I %p %w %%),
 * with glibc's `%-d` form that drops leading zeros. Unknown directives stay as written.
 */
export function strftime(date: Date, format: string): string {
  valid(date);
  return format.replace(/%(-?)([\s\S])/g, (whole, noPad: string, code: string) => {
    const directive = DIRECTIVES.get(code);
    if (!directive) return whole;
    const text = directive(date);
    return noPad && /^\d+$/.test(text) ? String(Number(text)) : text;
  });
}

/**
 * Python's str() (separator ' ') or isoformat() (separator 'T') of an aware UTC datetime, always with microseconds:
 * Python drops a zero fraction, but with a millisecond clock a zero fraction is chance, and the format should not vary.
 */
export function formatPythonDatetime(date: Date, separator: ' ' | 'T'): string {
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${day}${separator}${time}.${pad(date.getUTCMilliseconds() * 1000, 6)}+00:00`;
}

/** Python's repr() of an aware UTC datetime. */
export function datetimeRepr(date: Date): string {
  const fields = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
  ];
  const tail = [date.getUTCSeconds(), date.getUTCMilliseconds() * 1000];
  while (tail.length > 0 && tail.at(-1) === 0) tail.pop();
  return `datetime.datetime(${[...fields, ...tail].join(', ')}, tzinfo=datetime.timezone.utc)`;
}

/** A datetime's attribute (`year` … `microsecond`), or undefined for any other name. */
export function datetimeField(date: Date, name: string): number | undefined {
  const values = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours()];
  values.push(date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds() * 1000);
  const index = (DATETIME_FIELDS as readonly string[]).indexOf(name);
  return index < 0 ? undefined : values[index];
}
