import { selectFirst } from '../json-path';
import type { PageResponse, RequestSpec } from '../http/request-spec';
import type { PaginatorOptions } from '../config/client-schema';
import type { Paginator, PaginatorState } from './paginator';
import { toCount, toFlag } from './paginator';

/** The page size used when neither the paginator nor the endpoint's params name one. */
export const DEFAULT_OFFSET_LIMIT = 100;

/**
 * dlt's OffsetPaginator. Stops when `offset` reaches the response's total; without a usable total, on an empty or
 * short page; also on `has_more_path` false and at `maximum_offset`.
 */
export function createOffsetPaginator(config: PaginatorOptions['offset'], endpointLimit?: number): Paginator {
  const limit = config.limit ?? endpointLimit ?? DEFAULT_OFFSET_LIMIT;
  const offsetParam = config.offset_param ?? 'offset';
  const limitParam = config.limit_param ?? 'limit';
  const totalPath = config.total_path === null ? undefined : (config.total_path ?? 'total');
  const maximumOffset = config.maximum_offset;
  const hasMorePath = config.has_more_path;
  const stopAfterEmptyPage = config.stop_after_empty_page !== false;
  const offsetBodyPath = config.offset_body_path;
  const limitBodyPath = config.limit_body_path;

  return {
    type: 'offset',
    initialState: () => ({ offset: config.offset ?? 0 }),
    apply(request: RequestSpec, state: PaginatorState): RequestSpec {
      const offset = state.offset as number;
      if (offsetBodyPath || limitBodyPath) {
        const json = { ...((request.json as object) ?? {}) } as Record<string, number>;
        json[offsetBodyPath ?? offsetParam] = offset;
        json[limitBodyPath ?? limitParam] = limit;
        return { ...request, json };
      }
      return { ...request, params: { ...request.params, [offsetParam]: offset, [limitParam]: limit } };
    },
    predict(state: PaginatorState): PaginatorState | null {
      const offset = (state.offset as number) + limit;
      if (
        (typeof state.total === 'number' && offset >= state.total) ||
        (maximumOffset !== undefined && offset >= maximumOffset)
      )
        return null;
      return typeof state.total === 'number' ? { offset, total: state.total } : { offset };
    },
    knowsEnd: (state: PaginatorState) => typeof state.total === 'number',
    next(page: PageResponse, state: PaginatorState): PaginatorState | null {
      const count = page.records.length;
      if (count === 0 && stopAfterEmptyPage) return null;
      const offset = (state.offset as number) + limit;
      if (hasMorePath && toFlag(selectFirst(page.body, hasMorePath)) === false) return null;
      if (maximumOffset !== undefined && offset >= maximumOffset) return null;
      const total = totalPath ? toCount(selectFirst(page.body, totalPath)) : undefined;
      if (total !== undefined) return offset >= total ? null : { offset, total };
      if (!hasMorePath && count < limit) return null;
      return { offset };
    },
  };
}
