import { readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { ConfigError, MissingSecretError } from '../errors';
import { isPlainObject } from '../json';
import { isSecretRef } from '../secret-ref';

/** Options for {@link createSecretResolver}. */
export interface SecretResolverOptions {
  /** Environment to look secrets up in; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** TOML secrets file, relative to the working directory; default `.sluice/secrets.toml`, which may be absent. */
  secretsFile?: string;
}

/** Looks secrets up by name. */
export interface SecretResolver {
  /** The value of a secret; a MissingSecretError when it is defined nowhere. */
  resolve(name: string): string;
  /** A copy of a value in which every secret reference is replaced by the secret's value. */
  resolveDeep<T>(value: T): T;
}

/** The secrets file used when none is given. */
export const DEFAULT_SECRETS_FILE = '.sluice/secrets.toml';

type Table = Record<string, unknown>;

/** The environment variable a secret is read from: `client_id` is `CLIENT_ID`, `sources.rest_api.x` `SOURCES_REST_API_X`. */
export function secretEnvName(name: string): string {
  return name.toUpperCase().replace(/[.-]/g, '_');
}

/** Reads and parses the secrets file at `path`; `file` is how messages name it. */
function readSecretsTable(path: string, file: string, explicit: boolean): Table {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new ConfigError(`secrets file is not a file: ${file}`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new ConfigError(`cannot read secrets file ${file}: ${code ?? 'unknown error'}`);
    if (explicit) throw new ConfigError(`secrets file not found: ${file}`);
    return {};
  }
  try {
    return parseToml(text) as Table;
  } catch (error) {
    // smol-toml's message quotes the offending lines, which may hold secrets: report only where the problem is.
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    throw new ConfigError(`secrets file ${file} is not valid TOML${where}`);
  }
}

/** A table's own key, when its value is a secret value and not a nested table. */
function valueIn(table: Table, key: string, name: string, file: string): string | undefined {
  if (!Object.hasOwn(table, key)) return undefined;
  const value = table[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (isPlainObject(value)) return undefined;
  throw new ConfigError(`secret '${name}' in ${file} must be a string`);
}

/** A top-level key, a dotted path, then `[sources]` and the tables under it, breadth first: the first hit wins. */
function lookupInFile(root: Table, name: string, file: string): string | undefined {
  const direct = valueIn(root, name, name, file);
  if (direct !== undefined) return direct;
  const parts = name.split('.');
  if (parts.length > 1) {
    let node: unknown = root;
    for (const part of parts.slice(0, -1))
      node = isPlainObject(node) && Object.hasOwn(node, part) ? node[part] : undefined;
    const dotted = isPlainObject(node) ? valueIn(node, parts.at(-1)!, name, file) : undefined;
    if (dotted !== undefined) return dotted;
  }
  let level = isPlainObject(root.sources) ? [root.sources] : [];
  while (level.length > 0) {
    for (const table of level) {
      const hit = valueIn(table, name, name, file);
      if (hit !== undefined) return hit;
    }
    level = level.flatMap((table) => Object.values(table).filter(isPlainObject));
  }
  return undefined;
}

/**
 * Creates a resolver that looks a secret up in the environment (the upper-cased name, `.` and `-` as `_`), then in a
 * TOML secrets file read once, on first need: a top-level key, then dlt's `[sources]` and `[sources.<name>]` tables.
 * Secret values never appear in error messages.
 */
export function createSecretResolver(options: SecretResolverOptions = {}): SecretResolver {
  const env = options.env ?? process.env;
  const file = options.secretsFile ?? DEFAULT_SECRETS_FILE;
  // Resolved now, so that a later change of working directory does not move the file.
  const path = resolvePath(file);
  let table: Table | undefined;
  const fileTable = () => (table ??= readSecretsTable(path, file, options.secretsFile !== undefined));
  const resolver: SecretResolver = {
    resolve(name) {
      const variable = secretEnvName(name);
      const fromEnv = env[variable];
      if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
      const fromFile = lookupInFile(fileTable(), name, file);
      if (fromFile !== undefined) return fromFile;
      throw new MissingSecretError(
        `secret '${name}' is not set: define the environment variable ${variable} or add ${name} to ${file}`,
      );
    },
    resolveDeep<T>(value: T): T {
      if (isSecretRef(value)) return resolver.resolve(value.$secret) as T;
      if (Array.isArray(value)) return value.map((item: unknown) => resolver.resolveDeep(item)) as T;
      if (
        isPlainObject(value) &&
        (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
      ) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolver.resolveDeep(item)])) as T;
      }
      return value;
    },
  };
  return resolver;
}
