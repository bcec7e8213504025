import type { PageResponse } from '../http/request-spec';
import { isPlainObject, type JsonValue } from '../json';
import { nextLinkFromHeader } from './link-paginators';
import type { PaginatorConfig } from './paginator';

/** A detected paginator and dlt's confidence in it: 1 sure, 0.5 guessed defaults, 0 the single-page fallback. */
export interface Detection {
  config: PaginatorConfig;
  score: number;
}

type Scalar = string | number | boolean;
const isScalar = (value: JsonValue | undefined): value is Scalar =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** dlt matches key patterns at the start of the lower-cased key. */
const startsWith = (key: string, patterns: string[]) => patterns.some((p) => key.toLowerCase().startsWith(p));

/** The first `next…` key (or its `href`/`url` member), depth first through objects, with its scalar value. */
function findNext(body: JsonValue, path: string[] = []): { path: string[]; value: Scalar } | undefined {
  if (!isPlainObject(body)) return undefined;
  for (const [key, value] of Object.entries(body as Record<string, JsonValue>)) {
    if (startsWith(key, ['next'])) {
      if (isPlainObject(value)) {
        for (const [inner, link] of Object.entries(value as Record<string, JsonValue>))
          if (startsWith(inner, ['href', 'url']) && isScalar(link)) return { path: [...path, key, inner], value: link };
      } else if (isScalar(value)) return { path: [...path, key], value };
    }
    if (isPlainObject(value)) {
      const found = findNext(value, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The first `total_pages`, `pages` or `totalpages` key holding a whole number, depth first. */
function findTotalPages(body: JsonValue, path: string[] = []): string[] | undefined {
  if (!isPlainObject(body)) return undefined;
  for (const [key, value] of Object.entries(body as Record<string, JsonValue>)) {
    const asNumber = typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : value;
    if (['total_pages', 'pages', 'totalpages'].includes(key.toLowerCase()) && typeof asNumber === 'number')
      return [...path, key];
    if (isPlainObject(value)) {
      const found = findTotalPages(value, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Picks a paginator from a first response in dlt's order: a `Link: <…>; rel="next"` header; a `next…` link in the
 * body (a URL or a path); a total page count; a `next…` value used as a cursor; else one page.
 */
export function detectPaginator(page: Pick<PageResponse, 'headers' | 'body'>): Detection {
  if (nextLinkFromHeader(page.headers.link)) return { config: { type: 'header_link' }, score: 1 };
  const next = findNext(page.body);
  if (next && typeof next.value === 'string' && (next.value.startsWith('http') || next.value.startsWith('/')))
    return { config: { type: 'json_link', next_url_path: next.path.join('.') }, score: 1 };
  const totalPages = findTotalPages(page.body);
  if (totalPages) return { config: { type: 'page_number', total_path: totalPages.join('.') }, score: 0.5 };
  if (next) return { config: { type: 'cursor', cursor_path: next.path.join('.') }, score: 0.5 };
  return { config: { type: 'single_page' }, score: 0 };
}

/** What detection chose, as a note for the user; a guess or the single-page fallback is a warning, as in dlt. */
export function describeDetection(detection: Detection): string {
  const chosen = JSON.stringify(detection.config);
  if (detection.score === 1) return `detected ${chosen}`;
  if (detection.score === 0)
    return `warning: no paginator detected, read as a single page (${chosen}); give a paginator if the API pages`;
  return `warning: detected ${chosen} from a guess; verify it, or give the paginator explicitly`;
}

/**
 * The note for an `auto` paginator after its first page: the paginator kept in the state that follows it, or, when
 * there is no next page, what the body alone shows (a Link header would have given a next page).
 */
export function autoDetectionNote(body: JsonValue, next: { detected?: unknown } | null): string {
  const kept = next && isPlainObject(next.detected) ? (next.detected as PaginatorConfig) : undefined;
  if (!kept) return describeDetection(detectPaginator({ headers: {}, body }));
  return describeDetection({ config: kept, score: ['header_link', 'json_link'].includes(kept.type) ? 1 : 0.5 });
}
