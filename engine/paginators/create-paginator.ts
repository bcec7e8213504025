import { ConfigError } from '../errors';
import { createAutoPaginator } from './auto-paginator';
import { createCursorPaginator } from './cursor-paginator';
import {
  createHeaderCursorPaginator,
  createHeaderLinkPaginator,
  createJsonLinkPaginator,
  createSinglePagePaginator,
} from './link-paginators';
import { createOffsetPaginator } from './offset-paginator';
import { createPageNumberPaginator } from './page-number-paginator';
import type { Paginator, PaginatorConfig } from './paginator';
import type { PaginatorOptions } from '../config/client-schema';

/** Every paginator `type`, by its dlt name, each taking the options the config schema validates for it. */
export const PAGINATORS: {
  [K in keyof PaginatorOptions | 'json_response']: (
    config: PaginatorOptions[K extends 'json_response' ? 'json_link' : K],
    endpointLimit?: number,
  ) => Paginator;
} = {
  offset: createOffsetPaginator,
  page_number: createPageNumberPaginator,
  cursor: createCursorPaginator,
  json_response: createJsonLinkPaginator,
  json_link: createJsonLinkPaginator,
  header_link: createHeaderLinkPaginator,
  header_cursor: createHeaderCursorPaginator,
  single_page: createSinglePagePaginator,
  auto: createAutoPaginator,
};

/**
 * Builds the paginator a config names. `endpointLimit` is the endpoint's own `limit` param, which offset and
 * page-number paginators use as their page size when the paginator names none.
 */
export function createPaginator(config: PaginatorConfig | string | undefined, endpointLimit?: number): Paginator {
  const normalized: PaginatorConfig = typeof config === 'string' ? { type: config } : (config ?? { type: 'auto' });
  const factory = Object.hasOwn(PAGINATORS, normalized.type)
    ? // A validated config holds the options its type's shape describes, so this factory can take it.
      (PAGINATORS[normalized.type as keyof typeof PAGINATORS] as (config: object, endpointLimit?: number) => Paginator)
    : undefined;
  if (!factory) {
    throw new ConfigError(`unknown paginator type '${normalized.type}' (known: ${Object.keys(PAGINATORS).join(', ')})`);
  }
  return factory(normalized, endpointLimit);
}
