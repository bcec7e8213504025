import { PaginationError } from '../errors';
import { fansOut, selectAll } from '../json-path';
import { isPlainObject, type JsonValue } from '../json';
import { detectDataSelectorPath } from './detect-selector';

/** The path dlt would pick for a response with no data selector, or undefined for the whole body. */
export function detectDataSelector(body: JsonValue): string | undefined {
  return detectDataSelectorPath(body)?.join('.');
}

/**
 * Picks a page's records with a dlt data selector (JSONPath with `*` wildcards at any depth). A selector that
 * reaches one list yields its items; one that fans out yields every value reached, lists flattened; a single object
 * is a one-record page.
 */
export function selectRecords(body: JsonValue, dataSelector: string | undefined): JsonValue[] {
  const selector = dataSelector ?? detectDataSelector(body);
  if (selector === undefined || selector === '$') return body === null ? [] : Array.isArray(body) ? body : [body];
  const found = selectAll(body, selector);
  if (!fansOut(selector)) {
    const [value] = found;
    if (value === undefined || value === null) {
      if (dataSelector && isPlainObject(body) && Object.keys(body).length > 0 && !found.length) {
        throw new PaginationError(
          `data_selector '${dataSelector}' found nothing in the response (keys: ${Object.keys(body).join(', ')})`,
        );
      }
      return [];
    }
    return Array.isArray(value) ? value : [value];
  }
  return found.flatMap((value) => (Array.isArray(value) ? value : value === null ? [] : [value]));
}
