/**
 * Keys a template may never name: they lead from data to JavaScript constructors and prototypes. Real API data does not
 * use them, so refusing them costs nothing and closes the door even if a lookup were ever less strict.
 */
const DENIED_KEYS: ReadonlySet<string> = new Set([
  'constructor',
  'prototype',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
]);

/** Jinja's own globals and JavaScript's globals: a template must not even look for them. */
const DENIED_NAMES: ReadonlySet<string> = new Set([
  // Jinja globals and specials
  'self',
  'range',
  'lipsum',
  'cycler',
  'joiner',
  'namespace',
  'dict',
  'loop',
  'caller',
  'super',
  'varargs',
  'kwargs',
  // JavaScript globals and keywords
  'globalThis',
  'global',
  'window',
  'document',
  'process',
  'require',
  'module',
  'exports',
  'import',
  'this',
  'arguments',
  'Function',
  'eval',
  'Object',
  'Reflect',
  'Proxy',
  'Symbol',
  'Buffer',
  'Deno',
  'Bun',
]);

/** Whether a template may not name this key (attribute, item or dict key). */
export function isDeniedKey(key: string): boolean {
  return key.startsWith('__') || DENIED_KEYS.has(key);
}

/** Whether a template may not use this bare variable name. */
export function isDeniedName(name: string): boolean {
  return isDeniedKey(name) || DENIED_NAMES.has(name);
}

/** The message for a denied key or name. */
export function deniedMessage(key: string): string {
  return `access to '${key}' is not allowed`;
}
