import type { JsonValue } from './json';
import { isPlainObject } from './json';

/**
 * Splits a dlt-style JSONPath (`entries.*.item`, `$.data`, `links['next']`, `a\.b` for a literal dot) into segments.
 * `*` matches every element of a list or value of an object.
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
      if (close < 0) throw new Error(`unclosed '[' in path '${path}'`);
      segments.push(text.slice(i + 1, close).replace(/^['"]|['"]$/g, ''));
      i = close;
    } else {
      current += char;
    }
  }
  if (current) segments.push(current);
  return segments;
}

/** Every value the path reaches; wildcards fan out, missing keys reach nothing. */
export function selectAll(value: JsonValue | undefined, path: string | string[]): JsonValue[] {
  const segments = typeof path === 'string' ? parseJsonPath(path) : path;
  let frontier: JsonValue[] = value === undefined ? [] : [value];
  for (const segment of segments) {
    const next: JsonValue[] = [];
    for (const node of frontier) {
      if (segment === '*') {
        if (Array.isArray(node)) next.push(...node);
        else if (isPlainObject(node)) next.push(...Object.values(node as Record<string, JsonValue>));
      } else if (Array.isArray(node) && /^-?\d+$/.test(segment)) {
        const item = node.at(Number(segment));
        if (item !== undefined) next.push(item);
      } else if (isPlainObject(node) && Object.hasOwn(node, segment)) {
        next.push((node as Record<string, JsonValue>)[segment]!);
      }
    }
    frontier = next;
  }
  return frontier;
}

/** The first value the path reaches, or undefined. */
export function selectFirst(value: JsonValue | undefined, path: string): JsonValue | undefined {
  return selectAll(value, path)[0];
}
