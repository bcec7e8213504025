import { itemsConfig, type DifferentialCase } from './case';

const INCREMENTAL = { cursor_path: 'updated_at', initial_value: '2024-01-03T00:00:00Z' };

/** Data selectors and their auto-detection, and incremental loading in both of dlt's forms. */
export const RECORD_CASES: DifferentialCase[] = [
  {
    id: 'selector_nested_auto',
    covers: 'selector auto-detection of a records list three levels down, past a meta.links list',
    config: itemsConfig({ path: 'nested/items' }),
  },
  {
    id: 'selector_nested_path',
    covers: 'a dotted data_selector three levels down',
    config: itemsConfig({ path: 'nested/items', data_selector: 'response.payload.records' }),
  },
  {
    id: 'selector_jsonpath',
    covers: 'a JSONPath data_selector',
    config: itemsConfig({ path: 'nested/items', data_selector: '$.response.payload.records' }),
  },
  {
    id: 'selector_entities_auto',
    covers: 'selector auto-detection preferring entities over an earlier facets list',
    config: itemsConfig({ path: 'wrapped/items' }),
  },
  {
    id: 'incremental_key_append',
    covers: 'the incremental key with append: the boundary records are not loaded again',
    config: itemsConfig(
      { path: 'since/items', data_selector: 'data', incremental: { start_param: 'updated_since', ...INCREMENTAL } },
      { primary_key: 'id', write_disposition: 'append' },
    ),
  },
  {
    id: 'incremental_no_key',
    covers: 'the incremental key without a primary key: the boundary is deduplicated by content',
    config: itemsConfig(
      { path: 'since/items', data_selector: 'data', incremental: { start_param: 'updated_since', ...INCREMENTAL } },
      { write_disposition: 'append' },
    ),
  },
  {
    id: 'incremental_param_merge',
    covers: '{"type": "incremental"} in params, with merge',
    config: itemsConfig({
      path: 'since/items',
      data_selector: 'data',
      params: { updated_since: { type: 'incremental', ...INCREMENTAL } },
    }),
  },
  {
    id: 'incremental_end_value',
    covers: 'the incremental key with end_param and end_value (a bounded window)',
    config: itemsConfig(
      {
        path: 'since/items',
        data_selector: 'data',
        incremental: {
          start_param: 'updated_since',
          end_param: 'updated_until',
          ...INCREMENTAL,
          end_value: '2024-02-06T00:00:00Z',
        },
      },
      { primary_key: 'id', write_disposition: 'append' },
    ),
  },
];
