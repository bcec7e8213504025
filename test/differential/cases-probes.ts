import { itemsConfig, type DifferentialCase } from './case';

const OFFSET = {
  path: 'offset/items',
  data_selector: 'items',
  paginator: { type: 'offset', limit: 4, total_path: 'total' },
};

/** Keys and limits given in less usual places: column hints, paginator bounds, a merge without a key, a lag. */
export const PROBE_CASES: DifferentialCase[] = [
  {
    id: 'key_hint',
    covers: 'the primary key given as a column hint, not as primary_key',
    config: itemsConfig(OFFSET, { write_disposition: 'merge', columns: { id: { primary_key: true } } }),
  },
  {
    id: 'merge_no_key',
    covers: 'merge without a primary key or merge key',
    config: itemsConfig(OFFSET, { write_disposition: 'merge' }),
  },
  {
    id: 'maximum_offset',
    covers: 'an offset paginator that stops at maximum_offset',
    config: itemsConfig({ ...OFFSET, paginator: { type: 'offset', limit: 4, maximum_offset: 8 } }),
  },
  {
    id: 'offset_no_total',
    covers: 'an offset paginator without a total, which stops on a short or empty page',
    config: itemsConfig({ ...OFFSET, paginator: { type: 'offset', limit: 4, total_path: null } }),
  },
  {
    id: 'page_no_total',
    covers: 'a page_number paginator without a total, which stops on an empty page',
    config: itemsConfig({
      path: 'page/items',
      params: { per_page: 4 },
      data_selector: 'data',
      paginator: { type: 'page_number', base_page: 1, page_param: 'page', total_path: null },
    }),
  },
  {
    id: 'incremental_lag',
    covers: 'the incremental key with a lag of a day: the second run reads a day back',
    config: itemsConfig(
      {
        path: 'since/items',
        data_selector: 'data',
        incremental: {
          start_param: 'updated_since',
          cursor_path: 'updated_at',
          initial_value: '2024-01-01T00:00:00Z',
          lag: 86400,
        },
      },
      { primary_key: 'id', write_disposition: 'merge' },
    ),
  },
  {
    id: 'endpoint_string',
    covers: 'an endpoint given as its path alone, paginator and selector detected',
    config: { resources: [{ name: 'items', primary_key: 'id', write_disposition: 'merge', endpoint: 'page/items' }] },
  },
  {
    id: 'response_ignore_404',
    covers: 'response_actions ignoring a 404: a child whose requests for some parents are not found',
    config: {
      resources: [
        { name: 'items', primary_key: 'id', write_disposition: 'merge', endpoint: OFFSET },
        {
          name: 'details',
          primary_key: 'item_id',
          write_disposition: 'merge',
          endpoint: {
            path: 'owners/2/items/{resources.items.id}',
            response_actions: [{ status_code: 404, action: 'ignore' }],
          },
        },
      ],
    },
  },
  {
    id: 'child_nested_placeholder',
    covers: 'a nested parent field in a path placeholder: {resources.items.owner.id}',
    config: {
      resources: [
        { name: 'items', primary_key: 'id', write_disposition: 'merge', endpoint: OFFSET },
        {
          name: 'details',
          primary_key: 'item_id',
          write_disposition: 'merge',
          endpoint: { path: 'owners/{resources.items.owner.id}/items/{resources.items.id}' },
        },
      ],
    },
  },
];
