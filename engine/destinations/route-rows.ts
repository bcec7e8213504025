import { coerceValue, DOES_NOT_FIT, inferDataType, type CellValue, type DataType } from './data-type';
import { shortenIdentifier } from './naming';
import type { NormalizedRow } from './normalize-page';

/** A row whose values are ready to bind, by column name. */
export type RoutedRow = Map<string, CellValue>;

/** Rows matched to a table's columns. */
export interface RoutedRows {
  /** Columns the table lacks and must gain, with their types, in the order first seen. */
  added: Map<string, DataType>;
  rows: RoutedRow[];
}

/** The name of the column that holds values of `type` that do not fit `column`: `price__v_text`. */
export function variantColumn(column: string, type: DataType): string {
  const name = `${column}__v_${type}`;
  return shortenIdentifier(name, name);
}

/**
 * Matches rows to a table's columns. A new field becomes a column of its hinted or inferred type; a value that fits
 * its column's type (after lossless coercion) goes there; any other value goes to the variant column for its own type,
 * created if needed. Nothing is dropped and nothing fails. Null values never create columns.
 */
export function routeRows(
  columns: ReadonlyMap<string, DataType>,
  rows: readonly NormalizedRow[],
  hints: ReadonlyMap<string, DataType>,
): RoutedRows {
  const added = new Map<string, DataType>();
  const typeOf = (column: string) => columns.get(column) ?? added.get(column);
  const routed = rows.map((row) => {
    const out: RoutedRow = new Map();
    for (const column in row) {
      const value = row[column]!;
      // Most values are strings headed for text columns: they fit as they are, whatever their shape.
      if (typeof value === 'string' && typeOf(column) === 'text') {
        out.set(column, value);
        continue;
      }
      const inferred = inferDataType(value);
      if (inferred === undefined) {
        if (typeOf(column) !== undefined) out.set(column, null);
        continue;
      }
      let type = typeOf(column);
      if (type === undefined) {
        type = hints.get(column) ?? inferred;
        added.set(column, type);
      }
      const cell = coerceValue(value, inferred, type);
      if (cell !== DOES_NOT_FIT) {
        out.set(column, cell);
        continue;
      }
      const variant = variantColumn(column, inferred);
      if (typeOf(variant) === undefined) added.set(variant, inferred);
      const variantCell = coerceValue(value, inferred, typeOf(variant)!);
      out.set(variant, variantCell === DOES_NOT_FIT ? JSON.stringify(value) : variantCell);
    }
    return out;
  });
  return { added, rows: routed };
}
