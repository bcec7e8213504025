import type { PageResponse, RequestSpec } from '../http/request-spec';
import { isPlainObject, type JsonObject } from '../json';
import { createCursorPaginator } from './cursor-paginator';
import type { PaginatorOptions } from '../config/client-schema';
import { detectPaginator } from './detect-paginator';
import { createHeaderLinkPaginator, createJsonLinkPaginator, createSinglePagePaginator } from './link-paginators';
import { createPageNumberPaginator } from './page-number-paginator';
import type { Paginator, PaginatorConfig, PaginatorState } from './paginator';

/** The detected paginator; `config` is one that {@link detectPaginator} returned, kept in the state as JSON. */
function createDetected(config: PaginatorConfig): Paginator {
  switch (config.type) {
    case 'header_link':
      return createHeaderLinkPaginator(config as PaginatorOptions['header_link']);
    case 'json_link':
      return createJsonLinkPaginator(config as PaginatorOptions['json_link']);
    case 'cursor':
      return createCursorPaginator(config as PaginatorOptions['cursor']);
    case 'page_number':
      return createPageNumberPaginator(config as PaginatorOptions['page_number']);
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
      const detected = isPlainObject(state.detected)
        ? (state.detected as PaginatorConfig)
        : detectPaginator(page).config;
      const paginator = createDetected(detected);
      const inner = isPlainObject(state.inner) ? (state.inner as JsonObject) : paginator.initialState();
      const next = paginator.next(page, inner);
      return next === null ? null : { detected: detected as JsonObject, inner: next };
    },
  };
}
