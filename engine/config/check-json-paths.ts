import { ConfigError } from '../errors';
import { compileJsonPath, InvalidJsonPathError } from '../json-path';
import type { EndpointSpec } from '../source-spec';

/** Paginator options that dlt reads as JSONPath. */
const PAGINATOR_PATHS = ['next_url_path', 'cursor_path', 'total_path', 'has_more_path'];

function check(path: unknown, where: string): void {
  if (typeof path !== 'string') return;
  try {
    compileJsonPath(path);
  } catch (error) {
    if (error instanceof InvalidJsonPathError) throw new ConfigError(`${where}: ${error.message}`);
    throw error;
  }
}

/**
 * Compiles every JSONPath an endpoint holds (data selector, paginator paths, incremental cursor), so a path that
 * cannot be read is a config error naming where it is, before any request; the compiled paths are kept for the run.
 */
export function checkJsonPaths(endpoint: EndpointSpec, where: string): void {
  check(endpoint.dataSelector, `${where}.data_selector`);
  for (const key of PAGINATOR_PATHS) check(endpoint.paginator?.[key], `${where}.paginator.${key}`);
  check(endpoint.incremental?.cursor_path, `${where}.incremental.cursor_path`);
}
