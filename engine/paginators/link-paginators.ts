import { selectFirst } from '../json-path';
import type { PageResponse, RequestSpec } from '../http/request-spec';
import type { PaginatorOptions } from '../config/config-schema';
import type { Paginator, PaginatorState } from './paginator';

/** Points a request at the next URL; the previous query params are dropped because the URL carries its own. */
function followUrl(request: RequestSpec, state: PaginatorState): RequestSpec {
  const next = state.url;
  if (typeof next !== 'string') return request;
  return { ...request, url: new URL(next, request.url).toString(), params: {} };
}

/** Finds the `rel="next"` target of an RFC 8288 Link header. */
export function nextLinkFromHeader(header: string | undefined, rel = 'next'): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]*)>(.*)/.exec(part.trim());
    if (match && new RegExp(`rel="?([^";]*\\s)?${rel}(\\s[^";]*)?"?`).test(match[2]!)) return match[1];
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
