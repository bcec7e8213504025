import { createHash } from 'node:crypto';

/**
 * dlt's `snake_case` naming convention, so that tables loaded by sluice have the names dlt would give them.
 */

/** Longest identifier PostgreSQL keeps (NAMEDATALEN - 1). SQLite uses the same limit so both name tables alike. */
export const MAX_IDENTIFIER_LENGTH = 63;

/** Joins the names of a nested path: `owner__login` columns, `files__tags` child tables. */
export const PATH_SEPARATOR = '__';

/** What an empty (or blank) key becomes. */
const EMPTY_KEY = '_empty';

const REDUCED: Record<string, string> = { '+': 'x', '-': '_', '*': 'x', '@': 'a', '|': 'l' };

/**
 * Normalises one name to snake_case: `createdAt` -> `created_at`, `HTTPCode` -> `http_code`. Characters other than
 * letters, digits and `_` become `_`, repeated `_` collapse (so a name never contains the path separator), trailing `_`
 * become `x`, and a leading digit gets a `_` prefix. The result is always safe to quote as an identifier.
 */
export function normalizeIdentifier(name: string, maxLength = MAX_IDENTIFIER_LENGTH): string {
  return memoized(identifiers, maxLength === MAX_IDENTIFIER_LENGTH ? name : `${maxLength}:${name}`, () =>
    snakeCase(name, maxLength),
  );
}

// Every record of a page repeats the same keys: normalising each key once keeps the regexes off the hot path.
const identifiers = new Map<string, string>();
const paths = new Map<string, string>();
const MEMO_LIMIT = 50_000;

function memoized(cache: Map<string, string>, key: string, compute: () => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

function snakeCase(name: string, maxLength: number): string {
  const trimmed = name.trim();
  if (trimmed === '') return EMPTY_KEY;
  let id = trimmed.replace(/[+\-*@|]/g, (c) => REDUCED[c] ?? '_').replace(/[^a-zA-Z0-9_]+/g, '_');
  id = id.replace(/([^_])([A-Z][a-z]+)/g, '$1_$2');
  id = id.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (/^\d/.test(id)) id = `_${id}`;
  const stripped = id.replace(/_+$/, '');
  id = stripped + 'x'.repeat(id.length - stripped.length);
  id = id.replace(/__+/g, '_');
  return shortenIdentifier(id, trimmed, maxLength);
}

/** Joins normalised fragments with `__` and shortens the result: `files` + `owner` + `tags` -> `files__owner__tags`. */
export function normalizePath(fragments: readonly string[], maxLength = MAX_IDENTIFIER_LENGTH): string {
  const path = fragments.join(PATH_SEPARATOR);
  if (path.length <= maxLength) return path;
  return memoized(paths, `${maxLength}:${path}`, () => shortenIdentifier(path, path, maxLength));
}

/**
 * Normalises a record's key, a column hint or a table name as dlt's `normalize_path` does: the name is split at `__`
 * (blank fragments dropped), each fragment normalised, and the fragments joined again, so Salesforce's `Amount__c`
 * becomes `amount__c` and `Owner__ID` `owner__id`. A name longer than the limit is shortened with a tag hashed from
 * the name as written.
 */
export function normalizeColumnName(name: string, maxLength = MAX_IDENTIFIER_LENGTH): string {
  if (!name.includes(PATH_SEPARATOR)) return normalizeIdentifier(name, maxLength);
  return memoized(paths, `${maxLength}#${name}`, () => {
    const fragments = name.split(PATH_SEPARATOR).filter((fragment) => fragment.trim() !== '');
    if (fragments.length === 0) return EMPTY_KEY;
    const joined = fragments.map((fragment) => normalizeIdentifier(fragment, maxLength)).join(PATH_SEPARATOR);
    return shortenIdentifier(joined, name, maxLength);
  });
}

/**
 * Shortens a normalised name longer than `maxLength` by cutting its middle and inserting a 4-character tag hashed from
 * `original`, as dlt does, so that the same long name always maps to the same short one.
 */
export function shortenIdentifier(normalized: string, original: string, maxLength = MAX_IDENTIFIER_LENGTH): string {
  if (normalized.length <= maxLength) return normalized;
  const tag = identifierTag(original);
  const remaining = maxLength - tag.length;
  const head = normalized.slice(0, Math.floor(remaining / 2) + (remaining % 2));
  const tail = normalized.slice(normalized.length - Math.floor(remaining / 2));
  return head + tag + tail;
}

/** dlt's tag: 4 bytes of SHAKE-128 (enough for a 1-in-1,000 collision chance), base64 without padding, `/+` mapped to `ab`, lower-cased. */
function identifierTag(original: string): string {
  const digest = createHash('shake128', { outputLength: 4 }).update(original, 'utf8').digest('base64');
  return digest.replace(/=+$/, '').replace(/\//g, 'a').replace(/\+/g, 'b').toLowerCase();
}
