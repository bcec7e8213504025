import { selectFirst } from '../json-path';
import type { PageResponse, RequestSpec } from '../http/request-spec';
import type { PaginatorOptions } from '../config/client-schema';
import type { Paginator, PaginatorState } from './paginator';

/** Points a request at the next URL; the previous query params are dropped because the URL carries its own. */
function followUrl(request: RequestSpec, state: PaginatorState): RequestSpec {
  const next = state.url;
  if (typeof next !== 'string') return request;
  return { ...request, url: new URL(next, request.url).toString(), params: {} };
}

/**
 * Finds the target of an RFC 8288 Link header whose `rel` holds `rel` as one of its tokens. `rel` (a config's
 * `links_next_key`) is compared literally, never as a pattern, and the header is read in one pass, so an API's header
 * of thousands of links costs linear time.
 */
export function nextLinkFromHeader(header: string | undefined, rel = 'next'): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,\s*(?=<)/)) {
    const link = /^\s*<([^>]*)>(.*)$/s.exec(part);
    if (!link) continue;
    for (const param of link[2]!.split(';')) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'rel') continue;
      const value = param.slice(eq + 1).trim();
      const unquoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
      if (unquoted.split(/\s+/).includes(rel)) return link[1];
    }
  }
  return undefined;
}

/** dlt's JSONLinkPaginator: the next page's URL is in the body at `next_url_path` (default `next`). */
export function createJsonLinkPaginator(config: PaginatorOptions['json_link']): Paginator {
  const nextUrlPath = config.next_url_path ?? 'next';
  return {
    type: 'json_link',
    initialState: () => ({ url: null }),
    apply: followUrl,
    next(page: PageResponse): PaginatorState | null {
      const url = selectFirst(page.body, nextUrlPath);
      return typeof url === 'string' && url !== '' ? { url: new URL(url, page.url).toString() } : null;
    },
  };
}

/** dlt's HeaderLinkPaginator: the next page's URL is the Link header's `rel="next"` (or `links_next_key`). */
export function createHeaderLinkPaginator(config: PaginatorOptions['header_link']): Paginator {
  const rel = config.links_next_key ?? 'next';
  return {
    type: 'header_link',
    initialState: () => ({ url: null }),
    apply: followUrl,
    next(page: PageResponse): PaginatorState | null {
      const url = nextLinkFromHeader(page.headers.link, rel);
      return url ? { url: new URL(url, page.url).toString() } : null;
    },
  };
}

/** dlt's HeaderCursorPaginator: the cursor is a response header (`cursor_key`), sent back as `cursor_param`. */
export function createHeaderCursorPaginator(config: PaginatorOptions['header_cursor']): Paginator {
  const cursorKey = (config.cursor_key ?? 'next').toLowerCase();
  const cursorParam = config.cursor_param ?? 'cursor';
  return {
    type: 'header_cursor',
    initialState: () => ({ cursor: null }),
    apply(request: RequestSpec, state: PaginatorState): RequestSpec {
      if (typeof state.cursor !== 'string') return request;
      return { ...request, params: { ...request.params, [cursorParam]: state.cursor } };
    },
    next(page: PageResponse): PaginatorState | null {
      const cursor = page.headers[cursorKey];
      return cursor ? { cursor } : null;
    },
  };
}

/** dlt's SinglePagePaginator: one request, no pagination. */
export function createSinglePagePaginator(): Paginator {
  return {
    type: 'single_page',
    initialState: () => ({}),
    apply: (request) => request,
    next: () => null,
  };
}
