import { parsePythonLiteral } from '../config/python-literal';

/** Jinja's Undefined: a missing variable, attribute or key. Renders as '' and is falsy. */
export const UNDEFINED: unique symbol = Symbol('undefined');

function formatDate(date: Date): string {
  return `${date.toISOString().replace('T', ' ').replace('Z', '')}000+00:00`;
}

/** Python's repr(): strings quoted, so that rendered lists and dicts round-trip through literal_eval. */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  return pyStr(value);
}

/** Python's str(). */
export function pyStr(value: unknown): string {
  if (value === UNDEFINED || value === undefined) return '';
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  if (value instanceof Date) return formatDate(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  return '';
}

/** Python truthiness. */
export function truthy(value: unknown): boolean {
  if (value === UNDEFINED || value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && !(value instanceof Date)) return Object.keys(value).length > 0;
  return true;
}

/**
 * Converts a rendered string as Airbyte does with `ast.literal_eval`: "5" is 5, "False" is false, "None" is null,
 * "[1, 2]" is a list. Text that is not a literal stays text, and so do integers too large to hold exactly.
 */
export function literalValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return text;
  if (/^-?\d+$/.test(trimmed) && !Number.isSafeInteger(Number(trimmed))) return text;
  try {
    const { value, end } = parsePythonLiteral(trimmed);
    return end === trimmed.length ? value : text;
  } catch {
    return text;
  }
}
