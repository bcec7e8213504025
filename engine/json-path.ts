import { jsonpath, type JSONPathQuery, type JSONValue } from 'json-p3';
import { ConfigError } from './errors';
import type { JsonValue } from './json';

/** A JSONPath that neither RFC 9535 nor dlt's shorthand forms can read: a config problem, never retried. */
export class InvalidJsonPathError extends ConfigError {
  override name = 'InvalidJsonPathError';
}

/**
 * Splits a dlt-style dotted path (`entries.*.item`, `links['next']`, `a\.b` for a literal dot) into segments. Used
 * only to read shorthands that are not RFC 9535 JSONPath, such as `items.0` or `a-b.c`.
 */
export function parseJsonPath(path: string): string[] {
  const segments: string[] = [];
  let current = '';
  const text = path.startsWith('$') ? path.slice(1) : path;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += text[++i];
    } else if (char === '.') {
      if (current) segments.push(current);
      current = '';
    } else if (char === '[') {
      if (current) segments.push(current);
      current = '';
      const close = text.indexOf(']', i);
      if (close < 0) throw new InvalidJsonPathError(`unclosed '[' in path '${path}'`);
      segments.push(text.slice(i + 1, close).replace(/^['"]|['"]$/g, ''));
      i = close;
    } else {
      current += char;
    }
  }
  if (current) segments.push(current);
  return segments;
}

/** dlt's paths may leave out the `$`; its dotted shorthand with odd names is written in brackets. */
function candidates(path: string): string[] {
  const text = path.trim();
  const first = text.startsWith('$') ? text : text.startsWith('[') || text.startsWith('..') ? `$${text}` : `$.${text}`;
  const out = [first];
  try {
    const segments = parseJsonPath(text).map((segment) =>
      segment === '*' ? '[*]' : /^-?\d+$/.test(segment) ? `[${segment}]` : `[${JSON.stringify(segment)}]`,
    );
    out.push(`$${segments.join('')}`);
  } catch {
    // the RFC 9535 reading's error is the one reported
  }
  return out;
}

const compiled = new Map<string, JSONPathQuery>();

/**
 * Compiles a JSONPath once per process: RFC 9535 (recursive descent, filters, slices), read with `$.` in front when
 * the path has no `$`, as dlt's jsonpath-ng does; dotted shorthands such as `items.0` are read segment by segment.
 */
export function compileJsonPath(path: string): JSONPathQuery {
  const cached = compiled.get(path);
  if (cached) return cached;
  let firstError: unknown;
  for (const candidate of candidates(path)) {
    try {
      const query = jsonpath.compile(candidate);
      compiled.set(path, query);
      return query;
    } catch (error) {
      firstError ??= error;
    }
  }
  throw new InvalidJsonPathError(
    `'${path}' is not a valid JSONPath (${firstError instanceof Error ? firstError.message : String(firstError)})`,
  );
}

/** Whether a path can reach several values (wildcards, descent, filters, slices). */
export function fansOut(path: string): boolean {
  return !compileJsonPath(path).singularQuery();
}

/** Every value the path reaches; missing keys reach nothing. */
export function selectAll(value: JsonValue | undefined, path: string): JsonValue[] {
  if (value === undefined) return [];
  return compileJsonPath(path)
    .query(value as JSONValue)
    .values() as JsonValue[];
}

/** The first value the path reaches, or undefined. */
export function selectFirst(value: JsonValue | undefined, path: string): JsonValue | undefined {
  return selectAll(value, path)[0];
}
