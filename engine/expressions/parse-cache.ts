import type { TemplatePart } from './ast';
import { parseTemplate } from './parse-template';

/** How many parsed templates to keep; a sync uses a handful, evaluated once per record or page. */
const CACHE_SIZE = 256;

/**
 * Parsed templates by source text, least recently used dropped first. Parsing is a pure function of the text and the
 * trees are never mutated, so sharing them is safe anywhere, workflow code included.
 */
const cache = new Map<string, TemplatePart[]>();

/** The parsed form of a template, from the cache when it has been parsed before. */
export function parsedTemplate(template: string): TemplatePart[] {
  const hit = cache.get(template);
  if (hit) {
    cache.delete(template);
    cache.set(template, hit);
    return hit;
  }
  const parts = parseTemplate(template);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(template, parts);
  return parts;
}
