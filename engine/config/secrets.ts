import { existsSync, readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { ConfigError, MissingSecretError } from '../errors';
import { isSecretRef } from '../secret-ref';

/** Options for {@link createSecretResolver}. */
export interface SecretResolverOptions {
  env?: Record<string, string | undefined>;
  /** TOML secrets file; default `.sluice/secrets.toml`, which may be absent. */
  secretsFile?: string;
}

/** Looks secrets up by name. */
export interface SecretResolver {
  resolve(name: string): string;
  /** Replaces every secret reference inside a value with its value. */
  resolveDeep<T>(value: T): T;
}

const DEFAULT_SECRETS_FILE = '.sluice/secrets.toml';

type Table = Record<string, unknown>;

function lookup(table: Table, name: string): string | undefined {
  const direct = table[name];
  if (typeof direct === 'string' || typeof direct === 'number') return String(direct);
  const sources = table.sources as Table | undefined;
  if (sources && typeof sources === 'object') {
    const fromSources = sources[name];
    if (typeof fromSources === 'string' || typeof fromSources === 'number') return String(fromSources);
    for (const nested of Object.values(sources)) {
      if (nested && typeof nested === 'object' && typeof (nested as Table)[name] === 'string') return (nested as Table)[name] as string;
    }
  }
  return undefined;
}

/**
 * Resolves secrets from the environment (the upper-cased name: `client_id` is `CLIENT_ID`), then from a TOML secrets
 * file (a top-level key, or dlt's `[sources]` / `[sources.<name>]` tables). Values never appear in error messages.
 */
export function createSecretResolver(options: SecretResolverOptions = {}): SecretResolver {
  const env = options.env ?? process.env;
  const file = options.secretsFile ?? DEFAULT_SECRETS_FILE;
  let table: Table | undefined;
  const fileTable = (): Table => {
    if (table) return table;
    if (!existsSync(file)) {
      if (options.secretsFile) throw new ConfigError(`secrets file not found: ${file}`);
      return (table = {});
    }
    try {
      table = parseToml(readFileSync(file, 'utf8')) as Table;
    } catch (error) {
      const line = /line (\d+)/.exec((error as Error).message)?.[1];
      throw new ConfigError(`secrets file ${file} is not valid TOML${line ? ` (line ${line})` : ''}`);
    }
    return table;
  };
  const resolver: SecretResolver = {
    resolve(name) {
      const variable = name.toUpperCase().replace(/[.-]/g, '_');
      const fromEnv = env[variable];
      if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
      const fromFile = lookup(fileTable(), name);
      if (fromFile !== undefined) return fromFile;
      throw new MissingSecretError(`secret '${name}' is not set: define the environment variable ${variable} or add ${name} to ${file}`);
    },
    resolveDeep<T>(value: T): T {
      if (isSecretRef(value)) return resolver.resolve(value.$secret) as T;
      if (Array.isArray(value)) return value.map((item) => resolver.resolveDeep(item)) as T;
      if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolver.resolveDeep(v)])) as T;
      }
      return value;
    },
  };
  return resolver;
}
