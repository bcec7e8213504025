import { selectFirst } from '../json-path';
import type { PageResponse, RequestSpec } from '../http/request-spec';
import { isPlainObject, type JsonObject } from '../json';
import { createCursorPaginator } from './cursor-paginator';
import {
  createHeaderLinkPaginator,
  createJsonLinkPaginator,
  createSinglePagePaginator,
  nextLinkFromHeader,
} from './link-paginators';
import type { PaginatorOptions } from '../config/config-schema';
import type { Paginator, PaginatorConfig, PaginatorState } from './paginator';

const NEXT_URL_PATHS = [
  'next',
  'next_url',
  'nextUrl',
  'next_page_url',
  'links.next',
  'links.next.href',
  '_links.next.href',
  'pagination.next',
  'paging.next',
  'meta.next',
];
const CURSOR_PATHS = [
  'next_cursor',
  'nextCursor',
  'cursor.next',
  'cursors.next',
  'next_page_token',
  'nextPageToken',
  'pagination.next_cursor',
  'meta.next_cursor',
  'response_metadata.next_cursor',
];

/** Picks a paginator for a first response the way dlt's detectors do: Link header, JSON next link, JSON cursor. */
export function detectPaginator(page: PageResponse): PaginatorConfig {
  if (nextLinkFromHeader(page.headers.link)) return { type: 'header_link' };
  const body = page.body;
  if (isPlainObject(body)) {
    for (const path of NEXT_URL_PATHS) {
      const value = selectFirst(body, path);
      if (typeof value === 'string' && /^(https?:\/\/|\/)/.test(value))
        return { type: 'json_link', next_url_path: path };
    }
    for (const path of CURSOR_PATHS) {
      if (selectFirst(body, path) !== undefined) return { type: 'cursor', cursor_path: path };
    }
  }
  return { type: 'single_page' };
}

/** The detected paginator; `config` is one that {@link detectPaginator} returned, kept in the state as JSON. */
function createDetected(config: PaginatorConfig): Paginator {
  switch (config.type) {
    case 'header_link':
      return createHeaderLinkPaginator(config as PaginatorOptions['header_link']);
    case 'json_link':
      return createJsonLinkPaginator(config as PaginatorOptions['json_link']);
    case 'cursor':
      return createCursorPaginator(config as PaginatorOptions['cursor']);
    default:
      return createSinglePagePaginator();
  }
}

/**
 * dlt's `auto` paginator: the first response decides which paginator walks the rest. The choice is kept in the state
 * (`detected`), so it survives retries and continue-as-new and can be reported.
 */
export function createAutoPaginator(): Paginator {
  return {
    type: 'auto',
    initialState: () => ({ detected: null, inner: null }),
    apply(request: RequestSpec, state: PaginatorState): RequestSpec {
      if (!isPlainObject(state.detected) || !isPlainObject(state.inner)) return request;
      return createDetected(state.detected as PaginatorConfig).apply(request, state.inner as JsonObject);
    },
    next(page: PageResponse, state: PaginatorState): PaginatorState | null {
      const detected = isPlainObject(state.detected) ? (state.detected as PaginatorConfig) : detectPaginator(page);
      const paginator = createDetected(detected);
      const inner = isPlainObject(state.inner) ? (state.inner as JsonObject) : paginator.initialState();
      const next = paginator.next(page, inner);
      return next === null ? null : { detected: detected as JsonObject, inner: next };
    },
  };
}
