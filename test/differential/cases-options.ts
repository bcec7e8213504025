import { itemsConfig, type DifferentialCase } from './case';

const OFFSET = {
  path: 'offset/items',
  data_selector: 'items',
  paginator: { type: 'offset', limit: 4, total_path: 'total' },
};

/** Options data engineers often set: defaults, table names, nesting, compound keys, hints, deselected parents. */
export const OPTION_CASES: DifferentialCase[] = [
  {
    id: 'defaults_endpoint',
    covers: 'resource_defaults carrying the endpoint (paginator, selector, params) and the disposition',
    config: {
      resource_defaults: {
        primary_key: 'id',
        write_disposition: 'merge',
        endpoint: { params: { per_page: 4 }, data_selector: 'data' },
      },
      resources: [
        {
          name: 'items',
          endpoint: {
            path: 'page/items',
            paginator: { type: 'page_number', base_page: 1, page_param: 'page', total_path: 'total_pages' },
          },
        },
      ],
    },
  },
  {
    id: 'table_name',
    covers: 'table_name renames the table of a resource, and its child tables with it',
    config: itemsConfig(OFFSET, { table_name: 'Catalog Items', primary_key: 'id', write_disposition: 'merge' }),
  },
  {
    id: 'nesting_zero',
    covers: 'max_table_nesting 0: nested objects and lists stay JSON in the root table',
    config: itemsConfig(OFFSET, { max_table_nesting: 0, primary_key: 'id', write_disposition: 'merge' }),
  },
  {
    id: 'nesting_one',
    covers: 'max_table_nesting 1 on records with lists of objects holding lists',
    config: {
      resources: [
        {
          name: 'lists',
          primary_key: 'id',
          write_disposition: 'merge',
          max_table_nesting: 1,
          endpoint: { path: 'types/lists' },
        },
      ],
    },
  },
  {
    id: 'compound_key',
    covers: 'a primary key of two columns under merge',
    config: itemsConfig(OFFSET, { primary_key: ['id', 'name'], write_disposition: 'merge' }),
  },
  {
    id: 'json_hint',
    covers: 'a json column hint keeps a nested object and a list whole',
    config: itemsConfig(OFFSET, {
      primary_key: 'id',
      write_disposition: 'merge',
      columns: { owner: { data_type: 'json' }, tags: { data_type: 'json' } },
    }),
  },
  {
    id: 'text_hint',
    covers: 'a text hint on an integer column and a decimal hint on a float one',
    config: itemsConfig(OFFSET, {
      primary_key: 'id',
      write_disposition: 'merge',
      columns: { qty: { data_type: 'text' }, score: { data_type: 'decimal' } },
    }),
  },
  {
    id: 'parent_deselected',
    covers: 'a parent with selected: false feeds its child but loads no table',
    config: {
      resources: [
        { name: 'items', selected: false, endpoint: OFFSET },
        {
          name: 'comments',
          primary_key: 'id',
          write_disposition: 'merge',
          endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data' },
        },
      ],
    },
  },
  {
    id: 'child_replace',
    covers: 'a child resource under replace, its parent under append without a key',
    config: {
      resources: [
        { name: 'items', write_disposition: 'append', endpoint: OFFSET },
        {
          name: 'comments',
          write_disposition: 'replace',
          endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data' },
        },
      ],
    },
  },
  {
    id: 'incremental_open_start',
    covers: 'the incremental key with range_start open: records at the last value are not loaded again',
    config: itemsConfig(
      {
        path: 'since/items',
        data_selector: 'data',
        incremental: {
          start_param: 'updated_since',
          cursor_path: 'updated_at',
          initial_value: '2024-01-01T00:00:00Z',
          range_start: 'open',
        },
      },
      { primary_key: 'id', write_disposition: 'merge' },
    ),
  },
  {
    id: 'scd2_validity_names',
    covers: 'scd2 with its own validity column names',
    config: itemsConfig(OFFSET, {
      primary_key: 'id',
      write_disposition: {
        disposition: 'merge',
        strategy: 'scd2',
        validity_column_names: ['valid_from', 'valid_until'],
      },
    }),
    loadTimeColumns: ['valid_from', 'valid_until'],
  },
];
