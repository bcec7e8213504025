import { selectFirst } from '../json-path';
import type { PageResponse, RequestSpec } from '../http/request-spec';
import type { PaginatorOptions } from '../config/client-schema';
import type { Paginator, PaginatorState } from './paginator';
import { toCount, toFlag } from './paginator';

/**
 * dlt's PageNumberPaginator, with Airbyte's names as aliases: `start_from_page` means `base_page`, and
 * `limit_param` (with `limit` or `page_size`, or the endpoint's own param) sends a page size. The total is a page
 * count; without one it stops on an empty page, or on a short page when the page size is known.
 */
export function createPageNumberPaginator(config: PaginatorOptions['page_number'], endpointLimit?: number): Paginator {
  const basePage = config.base_page ?? config.start_from_page ?? 0;
  const pageParam = config.page_param ?? 'page';
  const limitParam = config.limit_param;
  const pageSize = config.limit ?? config.page_size ?? (limitParam ? endpointLimit : undefined);
  const totalPath = config.total_path === null ? undefined : (config.total_path ?? 'total');
  const maximumPage = config.maximum_page;
  const hasMorePath = config.has_more_path;
  const stopAfterEmptyPage = config.stop_after_empty_page !== false;
  const pageBodyPath = config.page_body_path;

  return {
    type: 'page_number',
    initialState: () => ({ page: config.page ?? basePage }),
    apply(request: RequestSpec, state: PaginatorState): RequestSpec {
      const page = state.page as number;
      if (pageBodyPath) return { ...request, json: { ...((request.json as object) ?? {}), [pageBodyPath]: page } };
      const params = { ...request.params, [pageParam]: page };
      if (limitParam && pageSize !== undefined) params[limitParam] = pageSize;
      return { ...request, params };
    },
    predict(state: PaginatorState): PaginatorState | null {
      const page = (state.page as number) + 1;
      if (
        (typeof state.totalPages === 'number' && page >= state.totalPages + basePage) ||
        (maximumPage !== undefined && page >= maximumPage + basePage)
      )
        return null;
      return typeof state.totalPages === 'number' ? { page, totalPages: state.totalPages } : { page };
    },
    knowsEnd: (state: PaginatorState) => typeof state.totalPages === 'number',
    next(response: PageResponse, state: PaginatorState): PaginatorState | null {
      const count = response.records.length;
      if (count === 0 && stopAfterEmptyPage) return null;
      const page = (state.page as number) + 1;
      if (hasMorePath && toFlag(selectFirst(response.body, hasMorePath)) === false) return null;
      if (maximumPage !== undefined && page >= maximumPage + basePage) return null;
      const totalPages = totalPath ? toCount(selectFirst(response.body, totalPath)) : undefined;
      if (totalPages !== undefined) return page >= totalPages + basePage ? null : { page, totalPages };
      if (pageSize !== undefined && count < pageSize) return null;
      return { page };
    },
  };
}
