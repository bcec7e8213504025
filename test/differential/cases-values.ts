import type { DifferentialCase } from './case';

const typesConfig = (kind: string, resource: Record<string, unknown> = {}) => ({
  resources: [
    { name: kind, primary_key: 'id', write_disposition: 'merge', ...resource, endpoint: { path: `types/${kind}` } },
  ],
});

/** Names, numbers, nulls, lists and timestamps: how values become tables, columns and types. */
export const VALUE_CASES: DifferentialCase[] = [
  {
    id: 'naming',
    covers: 'camelCase, double underscores, spaces, capitals, dashes, non-ASCII, leading digits and a long name',
    config: typesConfig('naming'),
  },
  {
    id: 'numbers',
    covers: '1.0, floats, integers beyond 2^53, negatives, exponents and booleans',
    config: typesConfig('numbers'),
  },
  {
    id: 'nulls',
    covers: 'a column that is always null, sometimes null, and a null object',
    config: typesConfig('nulls'),
  },
  {
    id: 'lists',
    covers: 'empty lists, a list that fills later, lists of scalars, objects and lists',
    config: typesConfig('lists'),
  },
  {
    id: 'timestamps',
    covers: 'ISO timestamps in UTC, with offsets and milliseconds, dates, naive times and epochs',
    config: typesConfig('timestamps'),
  },
  {
    id: 'column_hints',
    covers: 'columns hints: a data_type, a nullable column and a renamed-by-naming column',
    config: typesConfig('numbers', {
      columns: {
        ratio: { data_type: 'double' },
        big: { data_type: 'bigint', nullable: false },
        price: { data_type: 'decimal' },
      },
    }),
  },
];
