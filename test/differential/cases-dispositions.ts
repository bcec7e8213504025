import { itemsConfig, type DifferentialCase } from './case';

const OFFSET = {
  path: 'offset/items',
  data_selector: 'items',
  paginator: { type: 'offset', limit: 4, total_path: 'total' },
};

/** Every write disposition and merge strategy, over items whose second generation edits, deletes and adds. */
export const DISPOSITION_CASES: DifferentialCase[] = [
  {
    id: 'append',
    covers: 'append without a primary key: the second run adds every record again',
    config: itemsConfig(OFFSET, { write_disposition: 'append' }),
  },
  {
    id: 'replace',
    covers: 'replace: the second run leaves exactly the second generation',
    config: itemsConfig(OFFSET, { primary_key: 'id', write_disposition: 'replace' }),
  },
  {
    id: 'merge_default',
    covers: 'merge (delete-insert by default) on the primary key, with child lists replaced',
    config: itemsConfig(OFFSET, { primary_key: 'id', write_disposition: 'merge' }),
  },
  {
    id: 'merge_delete_insert',
    covers: 'write_disposition as a dict with the delete-insert strategy',
    config: itemsConfig(OFFSET, {
      primary_key: 'id',
      write_disposition: { disposition: 'merge', strategy: 'delete-insert' },
    }),
  },
  {
    id: 'merge_upsert',
    covers: 'the upsert merge strategy',
    config: itemsConfig(OFFSET, { primary_key: 'id', write_disposition: { disposition: 'merge', strategy: 'upsert' } }),
  },
  {
    id: 'merge_scd2',
    covers: 'the scd2 merge strategy: retired rows closed, new versions added',
    config: itemsConfig(OFFSET, { write_disposition: { disposition: 'merge', strategy: 'scd2' } }),
  },
  {
    id: 'merge_key',
    covers: 'merge with a merge_key and no primary key',
    config: itemsConfig(OFFSET, { merge_key: 'id', write_disposition: 'merge' }),
  },
];
