/** Whether a value is a datetime (a Date, also one made in another realm such as a workflow sandbox). */
export function isDate(value: unknown): value is Date {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Date]';
}

/** Whether a value is a mapping: a plain object as JSON.parse makes, never an array, a Date or a class instance. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The Python type name of a value, for error messages. */
export function typeName(value: unknown): string {
  if (value === undefined) return 'Undefined';
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (isDate(value)) return 'datetime';
  if (isMapping(value)) return 'dict';
  return 'object';
}

/** Reads an own data property: never an inherited one, and never through a getter. Missing gives undefined. */
export function readOwn(target: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

/** The keys of a mapping, in insertion order (as a Python dict keeps them). */
export function ownKeys(mapping: object): string[] {
  return Object.keys(mapping);
}

/** A number for arithmetic and comparison: bools count as 0 and 1, as in Python; anything else is undefined. */
export function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}
