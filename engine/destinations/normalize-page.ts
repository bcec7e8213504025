import { DestinationError } from '../errors';
import { canonicalJson, isPlainObject, type JsonObject, type JsonValue, numberText } from '../json';
import { NumberLiteral, type RowValue } from './data-type';
import type { TableSpec, WritePageInput } from './destination';
import { type NameEntry, type NameNode, namesOf } from './name-tree';
import { normalizeColumnName } from './naming';
import { stableRowId } from './row-id';

/** A row with normalised column names; nested data beyond the nesting limit is still a JSON value here. */
export type NormalizedRow = Record<string, RowValue>;

/**
 * Nesting depth beyond which nested data is stored as JSON when the resource sets no `max_table_nesting`. dlt's
 * default is 1,000, which lets a hostile list nested 300 deep create 301 tables; real APIs nest far less.
 */
export const DEFAULT_MAX_TABLE_NESTING = 10;

/** Two keys of a record that normalise to one column name. */
class NameCollision extends Error {
  constructor(
    readonly column: string,
    readonly keys: [string, string],
  ) {
    super(column);
  }
}

/** A scalar at `key` of `container`, as a number that keeps its text where the body gave one. */
function scalarAt(container: object, key: string | number, value: JsonValue): RowValue {
  if (typeof value !== 'number') return value;
  const text = numberText(container, key);
  return text === undefined ? value : new NumberLiteral(text);
}

/** System columns of root tables. */
export const ROOT_ID = '_sluice_id';
export const LOAD_ID = '_sluice_load_id';
/** System columns of child tables (besides `_sluice_id`). */
export const PARENT_ID = '_sluice_parent_id';
export const LIST_INDEX = '_sluice_list_idx';
export const ROOT_ROW_ID = '_sluice_root_id';
/** The column holding the elements of a list of scalars. */
export const VALUE_COLUMN = 'value';

/** A page split into the rows of its root table and of its child tables, by normalised table name. */
export interface NormalizedPage {
  table: string;
  rows: NormalizedRow[];
  /** For each root row, the index of its record in the page (for error messages). */
  recordIndexes: number[];
  children: Map<string, NormalizedRow[]>;
}

/** Whether a table is written with dlt's scd2 merge strategy: versions of records, never updated in place. */
export function isScd2(spec: TableSpec): boolean {
  return spec.writeDisposition === 'merge' && spec.mergeStrategy === 'scd2';
}

/** How a resource's data is shaped into tables: names normalised from its TableSpec. */
export interface TableShape {
  table: string;
  primaryKey: string[];
  mergeKey: string[];
  /** Columns hinted as json: kept whole instead of flattened. */
  jsonColumns: Set<string>;
  /** Columns hinted `nullable: false`, by normalised name, with their names in the config. */
  required: Map<string, string>;
  maxNesting: number;
}

/** A record flattened into its root row, with the id it got and its place in the page. */
interface RootRecord {
  flat: Flattened;
  id: string;
  index: number;
}

interface Flattened {
  row: NormalizedRow;
  lists: Array<[NameEntry, JsonValue[]]>;
}

/** Flattens nested objects into `parent__child` columns, setting lists aside for child tables. */
function flatten(record: JsonObject, shape: TableShape, level: number, hinted: boolean, names: NameNode): Flattened {
  const out: Flattened = { row: {}, lists: [] };
  flattenInto(out, record, shape, level, hinted, names);
  return out;
}

function flattenInto(
  out: Flattened,
  object: JsonObject,
  shape: TableShape,
  depth: number,
  hinted: boolean,
  names: NameNode,
): void {
  for (const key in object) {
    const value = object[key]!;
    const entry = names.entry(key);
    const column = entry.column;
    if (
      value !== null &&
      typeof value === 'object' &&
      depth < shape.maxNesting &&
      !(hinted && shape.jsonColumns.has(column))
    ) {
      if (Array.isArray(value)) out.lists.push([entry, value]);
      else flattenInto(out, value, shape, depth + 1, hinted, names.childOf(entry));
    } else {
      if (column in out.row) throw new NameCollision(column, [collidingKey(object, key, entry.name), key]);
      out.row[column] = scalarAt(object, key, value);
    }
  }
}

/** The key that normalised to the same name as `key` before it, or the column itself when it came from elsewhere. */
function collidingKey(object: JsonObject, key: string, name: string): string {
  for (const other in object) if (other !== key && normalizeColumnName(other) === name) return other;
  return name;
}

/** Turns a list into rows of its child table, recursing into nested lists, as dlt's relational normaliser does. */
function expandList(
  table: string,
  items: JsonValue[],
  parentId: string,
  rootId: string,
  level: number,
  shape: TableShape,
  out: Map<string, NormalizedRow[]>,
): void {
  // An empty list creates no table, as in dlt: the table appears with the first list that has elements.
  if (items.length === 0) return;
  let rows = out.get(table);
  if (!rows) out.set(table, (rows = []));
  const names = namesOf(table);
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    const id = stableRowId(parentId, table, index);
    // A list inside a list becomes a row holding a `list` field, whose elements go one table deeper.
    const object = isPlainObject(item) ? (item as JsonObject) : Array.isArray(item) ? { list: item } : undefined;
    let row: NormalizedRow;
    let lists: Flattened['lists'] = [];
    let depth = level;
    if (!object) {
      row = { [VALUE_COLUMN]: scalarAt(items, index, item) };
    } else {
      if (Array.isArray(item)) depth = level + 1;
      ({ row, lists } = flatten(object, shape, depth, false, names));
    }
    // The links come after the record's own columns, and win over a field of the same name.
    row[ROOT_ID] = id;
    row[PARENT_ID] = parentId;
    row[LIST_INDEX] = index;
    row[ROOT_ROW_ID] = rootId;
    rows.push(row);
    for (const [entry, list] of lists) expandList(names.listTableOf(entry), list, id, rootId, depth + 1, shape, out);
  }
}

/** The normalised shape of a TableSpec. */
export function tableShape(spec: TableSpec): TableShape {
  const jsonColumns = new Set<string>();
  const required = new Map<string, string>();
  for (const [name, hint] of Object.entries(spec.columns)) {
    if (hint.data_type === 'json') jsonColumns.add(normalizeColumnName(name));
    if (hint.nullable === false) required.set(normalizeColumnName(name), name);
  }
  return {
    table: normalizeColumnName(spec.tableName),
    primaryKey: spec.primaryKey.map((key) => normalizeColumnName(key)),
    mergeKey: spec.mergeKey.map((key) => normalizeColumnName(key)),
    jsonColumns,
    required,
    maxNesting: spec.maxTableNesting ?? DEFAULT_MAX_TABLE_NESTING,
  };
}

/** A record's key that became a column another key of it had already become, as an error naming the record. */
function collisionError(page: WritePageInput, index: number, error: unknown): unknown {
  if (!(error instanceof NameCollision)) return error;
  // dlt keeps the last value silently; losing a field's value without a word is worse than stopping.
  return new DestinationError(
    `resource '${page.table.resource}': record ${index} of page ${page.seq} has the keys '${error.keys[0]}' and '${error.keys[1]}', which both become column '${error.column}'; rename one with a processing step`,
  );
}

/** The text of a primary key's value, as its row id hashes it. */
function keyText(value: RowValue): string {
  if (value instanceof NumberLiteral) return value.text;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The id of a row that is never merged: its page's identity and its place there, so a retried page gets it again. */
function appendedRowId(page: WritePageInput, index: number, record: JsonObject): string {
  const { loadId, table, partition, seq } = page;
  return stableRowId('row', loadId, table.resource, partition, seq, index, JSON.stringify(record));
}

/**
 * Normalises a page dlt-style. Root rows get `_sluice_id` (hashed from the primary key under merge and replace, or from
 * load, partition, page, index and content otherwise) and `_sluice_load_id`. A record without its primary key is an error; under
 * `merge` and `replace`, a key repeated within the page keeps its last record.
 */
export function normalizePage(page: WritePageInput, shape: TableShape): NormalizedPage {
  const { table: spec, records, loadId, seq } = page;
  const versioned = isScd2(spec);
  const keyed = shape.primaryKey.length > 0 && !versioned;
  const appended = spec.writeDisposition === 'append';
  // Under append every record is its own row; otherwise the last record of a key wins.
  const dedupe = versioned || (keyed && !appended);
  const names = namesOf(shape.table);
  const byId = new Map<string, RootRecord>();
  const inOrder: RootRecord[] = [];
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    let flat: Flattened;
    try {
      flat = flatten(record, shape, 0, true, names);
    } catch (error) {
      throw collisionError(page, index, error);
    }
    let id: string;
    if (keyed) {
      // The parts joined as stableRowId joins them, without a list per record.
      let key = 'key';
      for (let k = 0; k < shape.primaryKey.length; k++) {
        const value = flat.row[shape.primaryKey[k]!];
        if (value === null || value === undefined) {
          throw new DestinationError(
            `resource '${spec.resource}': record ${index} of page ${seq} has no primary key '${spec.primaryKey[k]}'`,
          );
        }
        key += `\u0000${keyText(value)}`;
      }
      // Under append every version of a key is its own row, with its own children, as dlt's `_dlt_id` is.
      id = appended ? appendedRowId(page, index, record) : stableRowId(key);
    } else if (versioned) {
      // A version is its content, as dlt's scd2 row hash: the same record seen again is the same version.
      id = stableRowId('version', canonicalJson(record));
    } else {
      id = appendedRowId(page, index, record);
    }
    flat.row[ROOT_ID] = id;
    flat.row[LOAD_ID] = loadId;
    const root = { flat, id, index };
    if (!dedupe) inOrder.push(root);
    else {
      byId.delete(id);
      byId.set(id, root);
    }
  }

  const normalized: NormalizedPage = { table: shape.table, rows: [], recordIndexes: [], children: new Map() };
  for (const { flat, id, index } of dedupe ? byId.values() : inOrder) {
    normalized.rows.push(flat.row);
    normalized.recordIndexes.push(index);
    try {
      for (const [entry, list] of flat.lists)
        expandList(names.listTableOf(entry), list, id, id, 1, shape, normalized.children);
    } catch (error) {
      throw collisionError(page, index, error);
    }
  }
  return normalized;
}
