import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors';
import { checkConfigDepth, checkConfigSize, MAX_CONFIG_DEPTH } from './config-limits';
import { extractSourceConfig } from './extract-source';
import { locateJsonError } from './json-error';
import { formatPosition } from './text-position';

/** The formats a config file can be written in. */
export type ConfigFormat = 'json' | 'yaml' | 'module' | 'python' | 'document';

/** A config file as loaded, before validation. */
export interface LoadedConfig {
  config: unknown;
  /** The file's basename without extension, in snake_case: the default source and dataset name. */
  name: string;
  format: ConfigFormat;
}

const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

/** A source name from a file name: `000_026a418351b15901.txt` gives `000_026a418351b15901`, `My API.yaml` `my_api`. */
export function sourceNameOf(path: string): string {
  const name = basename(path, extname(path))
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return name || 'source';
}

/** The first line of an error's message, so that messages stay one line and never carry a stack. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const location = locateJsonError(text);
    if (!location) throw new ConfigError(`${path}: invalid JSON: ${firstLine(error)}`);
    throw new ConfigError(`${path}: invalid JSON at ${formatPosition(text, location.offset)}: ${location.reason}`);
  }
}

/** Parses YAML, loading the parser only for a YAML config: other formats never pay for it. */
async function parseYamlText(text: string, path: string): Promise<unknown> {
  const { parse: parseYaml, YAMLParseError } = await import('yaml');
  try {
    return parseYaml(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw new ConfigError(`${path}: invalid YAML: ${firstLine(error)}`);
    let reason = firstLine(error).replace(/ at line \d+, column \d+:?$/, '');
    // The YAML parser recurses: nesting that overflows its stack is the config's depth, not a parser bug.
    if (/call stack/i.test(reason)) reason = `lists and maps nest deeper than ${MAX_CONFIG_DEPTH} levels`;
    const at = error.linePos?.[0];
    throw new ConfigError(`${path}: invalid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${reason}`);
  }
}

/** Why a module failed to import; a TypeScript syntax error names its place in esbuild's `file:line:column: ERROR:`. */
function importProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const located = /:(\d+):(\d+): ERROR: (.+)$/m.exec(message);
  // esbuild counts columns from 0.
  return located ? `line ${located[1]}, column ${Number(located[2]) + 1}: ${located[3]}` : firstLine(error);
}

/** The config a JS/TS module exports: its default export, else `config` or `source`; a function is called. */
async function importConfig(path: string): Promise<unknown> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`${path}: could not import the module: ${importProblem(error)}`);
  }
  let exported = module.default ?? module.config ?? module.source;
  // A module compiled to CommonJS arrives as { default: { __esModule: true, default: config } }.
  if (exported && typeof exported === 'object' && (exported as { __esModule?: unknown }).__esModule) {
    const inner = exported as Record<string, unknown>;
    exported = inner.default ?? inner.config ?? inner.source;
  }
  if (exported === undefined)
    throw new ConfigError(`${path}: the module exports no config: export it as default, or as 'config' or 'source'`);
  if (typeof exported !== 'function') return exported;
  try {
    return await (exported as () => unknown)();
  } catch (error) {
    throw new ConfigError(`${path}: the exported config function failed: ${firstLine(error)}`);
  }
}

/**
 * Loads a config file by its extension: `.json`, `.yaml`/`.yml`, a `.ts`/`.js` module, or anything else (`.py`,
 * `.md`, `.txt`, ...) as Python or a document holding a `rest_api_source({...})` call. Errors are ConfigErrors of one
 * line that name the file.
 */
export async function loadConfigFile(path: string): Promise<LoadedConfig> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ConfigError(`config file not found: ${path}`);
  if (info.isDirectory()) throw new ConfigError(`config path is a directory, not a file: ${path}`);
  checkConfigSize(info.size, path);
  const loaded = await loadByFormat(path);
  checkConfigDepth(loaded.config, path);
  return loaded;
}

async function loadByFormat(path: string): Promise<LoadedConfig> {
  const name = sourceNameOf(path);
  const extension = extname(path).toLowerCase();
  if (MODULE_EXTENSIONS.has(extension)) return { config: await importConfig(path), name, format: 'module' };
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new ConfigError(
      `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? firstLine(error)}`,
    );
  }
  if (extension === '.json') return { config: parseJson(text, path), name, format: 'json' };
  if (extension === '.yaml' || extension === '.yml')
    return { config: await parseYamlText(text, path), name, format: 'yaml' };
  return { config: extractSourceConfig(text, path), name, format: extension === '.py' ? 'python' : 'document' };
}
