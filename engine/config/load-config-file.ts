import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors';
import { extractSourceConfig } from './extract-source';
import { lineColumn } from './python-literal';

/** A config file as loaded, before validation. */
export interface LoadedConfig {
  config: unknown;
  /** The file's basename without extension, in snake_case: the default source and dataset name. */
  name: string;
  format: 'json' | 'yaml' | 'module' | 'python' | 'document';
}

/** A source name from a file name: `000_026a418351b15901.txt` gives `000_026a418351b15901`. */
export function sourceNameOf(path: string): string {
  const name = basename(path, extname(path)).toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return name || 'source';
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    const where = at ? lineColumn(text, Number(at[1])) : undefined;
    throw new ConfigError(`${path}: invalid JSON${where ? ` at line ${where.line}, column ${where.column}` : ''}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Loads a `.json`, `.yaml`, `.ts`/`.js` (default export) or Python/Markdown/text config file. */
export async function loadConfigFile(path: string): Promise<LoadedConfig> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ConfigError(`config file not found: ${path}`);
  if (!info.isFile()) throw new ConfigError(`config path is not a file: ${path}`);
  const name = sourceNameOf(path);
  const extension = extname(path).toLowerCase();
  if (['.ts', '.mts', '.js', '.mjs', '.cjs'].includes(extension)) {
    const module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
    let config = module.default ?? module.config ?? module.source;
    if (typeof config === 'function') config = await (config as () => unknown)();
    if (config === undefined) throw new ConfigError(`${path}: export the config as the default export`);
    return { config, name, format: 'module' };
  }
  const text = await readFile(path, 'utf8');
  if (extension === '.json') return { config: parseJson(text, path), name, format: 'json' };
  if (extension === '.yaml' || extension === '.yml') {
    try {
      return { config: parseYaml(text), name, format: 'yaml' };
    } catch (error) {
      throw new ConfigError(`${path}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return { config: extractSourceConfig(text, basename(path)), name, format: extension === '.py' ? 'python' : 'document' };
  } catch (error) {
    if (error instanceof ConfigError && !error.message.startsWith(basename(path))) throw new ConfigError(`${path}: ${error.message}`);
    throw error;
  }
}
