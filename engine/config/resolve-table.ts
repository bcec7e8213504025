import { ConfigError } from '../errors';
import type { JsonValue } from '../json';
import type { ColumnHint, TableSpec } from '../destinations/destination';
import type { SourceConfig } from './config-schema';

type ResourceObject = Exclude<SourceConfig['resources'][number], string>;
type Columns = NonNullable<ResourceObject['columns']>;

/** Column hints that would change which rows a table holds; sluice does not implement them, so they are refused. */
const UNSUPPORTED_HINTS = ['hard_delete', 'dedup_sort'];

const toList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** dlt's two forms of `columns`, a map or a list of hints with names, as one map. */
function columnMap(columns: Columns | undefined, where: string): Record<string, ColumnHint & Record<string, unknown>> {
  const map: Record<string, ColumnHint & Record<string, unknown>> = {};
  const entries = Array.isArray(columns)
    ? columns.map((hint, index) => [hint.name, hint, `${where}.columns[${index}]`] as const)
    : Object.entries(columns ?? {}).map(([name, hint]) => [name, hint, `${where}.columns.${name}`] as const);
  for (const [name, hint, at] of entries) {
    for (const key of UNSUPPORTED_HINTS)
      if (Object.hasOwn(hint, key)) throw new ConfigError(`${at}.${key} is not supported by sluice`);
    map[name] = hint as ColumnHint & Record<string, unknown>;
  }
  return map;
}

/** The table a resource writes: keys from `primary_key`, `merge_key` and column hints; dlt's write disposition. */
export function resolveTable(resource: ResourceObject, where: string): TableSpec {
  const columns = columnMap(resource.columns, where);
  const primaryKey = toList(resource.primary_key);
  const mergeKey = toList(resource.merge_key);
  for (const [column, hint] of Object.entries(columns)) {
    if (hint.primary_key && !primaryKey.includes(column)) primaryKey.push(column);
    if (hint.merge_key === true && !mergeKey.includes(column)) mergeKey.push(column);
  }
  const written = resource.write_disposition ?? 'append';
  const table: TableSpec = {
    resource: resource.name,
    tableName: resource.table_name ?? resource.name,
    primaryKey,
    mergeKey,
    writeDisposition: typeof written === 'string' ? written : written.disposition,
    columns,
    maxTableNesting: resource.max_table_nesting,
  };
  if (typeof written === 'object') {
    const { disposition, strategy, ...options } = written;
    if (disposition !== 'merge' && (strategy !== undefined || Object.keys(options).length > 0))
      throw new ConfigError(`${where}.write_disposition: a strategy and its options apply only to merge`);
    if (strategy !== undefined) table.mergeStrategy = strategy;
    if (strategy === 'scd2' && mergeKey.length > 0)
      throw new ConfigError(
        `${where}: scd2 with a merge_key (retiring only the keys a load saw) is not supported by sluice`,
      );
    if (Object.keys(options).length > 0) {
      if (strategy !== 'scd2')
        throw new ConfigError(`${where}.write_disposition: ${Object.keys(options).join(', ')} apply only to scd2`);
      table.mergeOptions = options as Record<string, JsonValue>;
    }
  }
  return table;
}
