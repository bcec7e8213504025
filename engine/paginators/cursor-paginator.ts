import { evaluateCondition, renderValue } from '../expressions';
import { selectFirst } from '../json-path';
import type { PageResponse, RequestSpec } from '../http/request-spec';
import type { JsonObject, JsonValue } from '../json';
import type { PaginatorOptions } from '../config/client-schema';
import type { Paginator, PaginatorState } from './paginator';

/** The variables a cursor template sees, named as in Airbyte's interpolation context. */
export function pageContext(page: PageResponse): Record<string, unknown> {
  return {
    response: page.body,
    headers: page.headers,
    last_record: page.records.at(-1),
    last_page_size: page.records.length,
  };
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * dlt's JSONResponseCursorPaginator (`cursor_path`, `cursor_param`, `cursor_body_path`), which also takes Airbyte's
 * `cursor_value` and `stop_condition` templates. It stops when the stop condition holds, when the cursor is missing,
 * or on an empty page even if a cursor is still present (dlt #3358). `limit` is sent as `limit_param`.
 */
export function createCursorPaginator(config: PaginatorOptions['cursor']): Paginator {
  const cursorPath = config.cursor_path ?? 'cursors.next';
  const cursorValue = config.cursor_value;
  const stopCondition = config.stop_condition;
  const cursorBodyPath = config.cursor_body_path;
  const cursorParam = config.cursor_param ?? (cursorBodyPath ? undefined : 'cursor');
  const limit = config.limit;
  const limitParam = config.limit_param ?? 'limit';
  const stopAfterEmptyPage = config.stop_after_empty_page !== false;

  return {
    type: 'cursor',
    initialState: () => ({ cursor: null }),
    apply(request: RequestSpec, state: PaginatorState): RequestSpec {
      const params = { ...request.params };
      if (limit !== undefined) params[limitParam] = limit;
      const cursor = state.cursor;
      if (isMissing(cursor)) return { ...request, params };
      if (cursorBodyPath)
        return {
          ...request,
          params,
          json: { ...((request.json as JsonObject) ?? {}), [cursorBodyPath]: cursor as JsonValue },
        };
      params[cursorParam!] =
        typeof cursor === 'object' ? JSON.stringify(cursor) : (cursor as string | number | boolean);
      return { ...request, params };
    },
    next(page: PageResponse): PaginatorState | null {
      const context = pageContext(page);
      if (stopCondition && evaluateCondition(stopCondition, context)) return null;
      if (page.records.length === 0 && stopAfterEmptyPage) return null;
      const cursor = cursorValue ? renderValue(cursorValue, context) : selectFirst(page.body, cursorPath);
      if (isMissing(cursor)) return null;
      return { cursor: cursor as JsonValue };
    },
  };
}
