import type { DifferentialCase } from './case';

/** The parent of every child case: the items, walked with offset pages. */
const PARENT = {
  name: 'items',
  primary_key: 'id',
  write_disposition: 'merge',
  endpoint: {
    path: 'offset/items',
    data_selector: 'items',
    paginator: { type: 'offset', limit: 4, total_path: 'total' },
  },
};

const withChild = (child: Record<string, unknown>) => ({
  resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
  resources: [PARENT, { name: 'comments', ...child }],
});

/** Child resources bound to their parent through the path, params, resolve, several fields and include_from_parent. */
export const PARENT_CASES: DifferentialCase[] = [
  {
    id: 'child_path_resolve',
    covers: 'a child bound through a path placeholder and a resolve param',
    config: withChild({
      endpoint: {
        path: 'items/{item_id}/comments',
        data_selector: 'data',
        params: { item_id: { type: 'resolve', resource: 'items', field: 'id' } },
      },
    }),
  },
  {
    id: 'child_path_placeholder',
    covers: 'a child bound through {resources.items.id} in its path',
    config: withChild({ endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data' } }),
  },
  {
    id: 'child_query_param',
    covers: 'a child bound through {resources.items.id} in a query param',
    config: withChild({
      endpoint: { path: 'comments', data_selector: 'data', params: { item_id: '{resources.items.id}' } },
    }),
  },
  {
    id: 'child_include_parent',
    covers: 'include_from_parent copies parent fields into the child rows',
    config: withChild({
      include_from_parent: ['name', 'updated_at'],
      endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data' },
    }),
  },
  {
    id: 'child_single_entity',
    covers: 'a path ending in a parent placeholder: one record per response, single page',
    config: {
      resources: [
        PARENT,
        {
          name: 'details',
          primary_key: 'item_id',
          write_disposition: 'merge',
          endpoint: { path: 'items/{resources.items.id}' },
        },
      ],
    },
  },
  {
    id: 'child_several_fields',
    covers: 'two parent fields (one nested) bound in one path',
    config: {
      resources: [
        PARENT,
        {
          name: 'details',
          primary_key: 'item_id',
          write_disposition: 'merge',
          endpoint: {
            path: 'owners/{owner_id}/items/{item_id}',
            params: {
              owner_id: { type: 'resolve', resource: 'items', field: 'owner.id' },
              item_id: { type: 'resolve', resource: 'items', field: 'id' },
            },
          },
        },
      ],
    },
  },
  {
    id: 'child_append_no_key',
    covers: 'a child with append and no primary key under a replaced parent',
    config: {
      resources: [
        { ...PARENT, write_disposition: 'replace' },
        {
          name: 'comments',
          write_disposition: 'append',
          endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data' },
        },
      ],
    },
  },
];
