import { isPlainObject } from '../json';

/** A `{name}` placeholder found in a config string: its name and where it stands in the text. */
export interface Placeholder {
  name: string;
  start: number;
  end: number;
}

/** Jinja blocks (`{{ … }}`, `{% … %}`, `{# … #}`) are expressions, not placeholders; their braces are skipped. */
const TEMPLATE_BLOCK = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;

/**
 * The `{name}` placeholders of a string, as Python's `str.format` reads them (dlt formats paths and params that way):
 * the name stops at `!` or `:`. Braces inside Jinja blocks are not placeholders.
 */
export function placeholdersIn(text: string): Placeholder[] {
  const masked = text.replace(TEMPLATE_BLOCK, (block) => ' '.repeat(block.length));
  const found: Placeholder[] = [];
  for (const match of masked.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1]!.split(/[!:]/)[0]!.trim();
    found.push({ name, start: match.index, end: match.index + match[0].length });
  }
  return found;
}

/** Every placeholder name in a JSON value, keys included (dlt looks at both). */
export function placeholderNames(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') placeholdersIn(value).forEach((p) => out.add(p.name));
  else if (Array.isArray(value)) value.forEach((item) => placeholderNames(item, out));
  else if (isPlainObject(value))
    for (const [key, item] of Object.entries(value)) {
      placeholderNames(key, out);
      placeholderNames(item, out);
    }
  return out;
}

/**
 * Replaces the placeholders a string names in `values` by `render(value)`, leaving every other character as written.
 * The replacement happens on the text as configured, so a value is never read as a template or a placeholder itself.
 */
export function replacePlaceholders(
  text: string,
  values: Record<string, unknown>,
  render: (value: unknown) => string,
): string {
  let out = '';
  let at = 0;
  for (const placeholder of placeholdersIn(text)) {
    if (!Object.hasOwn(values, placeholder.name)) continue;
    out += text.slice(at, placeholder.start) + render(values[placeholder.name]);
    at = placeholder.end;
  }
  return out + text.slice(at);
}

/** dlt's single-entity test: the path's last segment is a placeholder (`posts/{id}`), so one object comes back. */
export function isSingleEntityPath(path: string): boolean {
  const masked = path.replace(TEMPLATE_BLOCK, (block) => ' '.repeat(block.length));
  const last = masked.replace(/\/+$/, '').split('/').at(-1) ?? '';
  return /\{[a-zA-Z0-9.\-_]+\}/.test(last);
}

/** A value as Python's `str()` writes it, which is how dlt puts parent values into paths and params. */
export function pythonText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
