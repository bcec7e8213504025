import { parsePythonLiteral as parseLiteral } from '../python/literal';
import type { ParsedPythonLiteral, PythonLiteralOptions } from '../python/literal';
import { PythonSyntaxError } from '../python/syntax-error';
import { readPythonToken as readToken } from '../python/tokens';
import type { PythonToken } from '../python/tokens';
import { failAt } from './text-position';

export { skipTrivia } from '../python/tokens';

/**
 * How a config file's literals are read: `dlt.secrets["x"]` names a secret without holding it, a bytes literal is
 * its text (as a header or path would send it), and a key `__proto__` is data like any other.
 */
export const CONFIG_LITERALS: PythonLiteralOptions = {
  secretReferences: true,
  bytesAsText: true,
  protoKeys: true,
  maxDepth: 100,
};

/** Runs a read of `text`, turning a Python syntax error into a ConfigError with its line and column. */
function inConfig<T>(text: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof PythonSyntaxError) failAt(text, error.offset, error.message);
    throw error;
  }
}

/** Parses the config literal that starts at `start` (see the shared reader); errors are ConfigErrors. */
export function parsePythonLiteral(text: string, start = 0): ParsedPythonLiteral {
  return inConfig(text, () => parseLiteral(text, start, CONFIG_LITERALS));
}

/** Reads the token at `pos` of a config file; errors are ConfigErrors. */
export function readPythonToken(text: string, pos: number): PythonToken {
  return inConfig(text, () => readToken(text, pos));
}
