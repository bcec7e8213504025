import { itemsConfig, type DifferentialCase } from './case';

/** Every paginator type, dlt's legacy name and string shorthand, and each kind of auto-detection. */
export const PAGINATOR_CASES: DifferentialCase[] = [
  {
    id: 'offset_total',
    covers: 'offset paginator with total_path',
    config: itemsConfig({
      path: 'offset/items',
      data_selector: 'items',
      paginator: { type: 'offset', limit: 4, total_path: 'total' },
    }),
  },
  {
    id: 'page_number',
    covers: 'page_number paginator from 1 with total_path',
    config: itemsConfig({
      path: 'page/items',
      params: { per_page: 4 },
      data_selector: 'data',
      paginator: { type: 'page_number', base_page: 1, page_param: 'page', total_path: 'total_pages' },
    }),
  },
  {
    id: 'json_link',
    covers: 'json_link paginator with next_url_path',
    config: itemsConfig({
      path: 'json-link/items',
      data_selector: 'results',
      paginator: { type: 'json_link', next_url_path: 'next' },
    }),
  },
  {
    id: 'json_response',
    covers: "json_response, dlt's legacy name for json_link",
    config: itemsConfig({
      path: 'json-link/items',
      data_selector: 'results',
      paginator: { type: 'json_response', next_url_path: 'next' },
    }),
  },
  {
    id: 'header_link',
    covers: 'header_link paginator over a top-level list',
    config: itemsConfig({ path: 'header-link/items', paginator: { type: 'header_link' } }),
  },
  {
    id: 'header_cursor',
    covers: 'header_cursor paginator with its defaults (header next, param cursor)',
    config: itemsConfig({ path: 'header-cursor/items', paginator: { type: 'header_cursor' } }),
  },
  {
    id: 'cursor',
    covers: 'cursor paginator with a nested cursor_path',
    config: itemsConfig({
      path: 'cursor/items',
      data_selector: 'data',
      paginator: { type: 'cursor', cursor_path: 'cursors.next', cursor_param: 'cursor' },
    }),
  },
  {
    id: 'single_page',
    covers: 'the single_page string shorthand',
    config: itemsConfig({ path: 'single/items', data_selector: 'data', paginator: 'single_page' }),
  },
  {
    id: 'auto_next_page',
    covers: 'auto-detection of a next_page link in the body, and of the data selector',
    config: itemsConfig({ path: 'next-page/items' }),
  },
  {
    id: 'auto_header_link',
    covers: 'auto-detection of a Link header',
    config: itemsConfig({ path: 'header-link/items' }),
  },
  {
    id: 'auto_next_href',
    covers: 'auto-detection of next.href, and of the items list beside a count',
    config: itemsConfig({ path: 'next-href/items' }),
  },
  {
    id: 'auto_total_pages',
    covers: 'auto-detection of total_pages (page numbers)',
    config: itemsConfig({ path: 'pages0/items' }),
  },
  {
    id: 'auto_next_cursor',
    covers: 'auto-detection of a next_cursor token (cursor paginator)',
    config: itemsConfig({ path: 'next-cursor/items' }),
  },
  {
    id: 'auto_single',
    covers: 'auto-detection of an unpaginated top-level list',
    config: itemsConfig({ path: 'list/items' }),
  },
  {
    id: 'auto_paginator_key',
    covers: 'the auto string shorthand on a body with a next link',
    config: itemsConfig({ path: 'json-link/items', paginator: 'auto' }),
  },
];
