/** A JSON value, as records and paginator state are. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Whether a value is a plain (non-array) object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where a parsed response body keeps, on the object or array that holds them, the source text of numbers whose
 * JavaScript value does not tell their JSON type: `1.0` (a double, though `1.0 === 1`) and integers beyond 2^53 (whose
 * digits a double cannot hold). The value itself stays a plain number, so expressions, cursors and Temporal payloads
 * see ordinary JSON; a symbol key is invisible to `JSON.stringify`, `Object.keys` and `for…in`, and object spread
 * copies it along with the record.
 */
export const NUMBER_TEXTS: unique symbol = Symbol('sluice.numberTexts');

type Annotated = { [NUMBER_TEXTS]?: Record<string, string> };

/** The source text of the number at `key` of `container`, when its value alone loses its type or digits. */
export function numberText(container: object, key: string | number): string | undefined {
  return (container as Annotated)[NUMBER_TEXTS]?.[key];
}

/** Records the source text of the number at `key` of `container`. */
export function setNumberText(container: object, key: string, text: string): void {
  const annotated = container as Annotated;
  (annotated[NUMBER_TEXTS] ??= {})[key] = text;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** A string with each unpaired UTF-16 surrogate replaced by U+FFFD, as a UTF-8 encoder replaces it. */
export function wellFormedString(value: string): string {
  return ANY_SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '\uFFFD') : value;
}

/** JSON with every object's keys sorted, so that a hash of it does not depend on key order. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (!isPlainObject(value)) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(',')}}`;
}
