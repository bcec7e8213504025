import { parsePythonText } from '../python/literal';
import type { PythonLiteralOptions } from '../python/literal';
import { PythonSyntaxError } from '../python/syntax-error';
import { MAX_VALUE_DEPTH } from './limits';

/**
 * How rendered text is read: no dlt references and no bytes (which no JSON value holds), and no key `__proto__`,
 * since a rendered value may be copied into request objects.
 */
export const RENDERED_LITERALS: PythonLiteralOptions = { maxDepth: MAX_VALUE_DEPTH };

/**
 * Reads text as Python's `ast.literal_eval` does and returns `{ value }`, or undefined when the text is not a literal.
 * Tuples and sets become arrays; an integer beyond Number.MAX_SAFE_INTEGER makes the text count as no literal.
 */
export function literalEval(text: string): { value: unknown } | undefined {
  try {
    return { value: parsePythonText(text, RENDERED_LITERALS) };
  } catch (error) {
    if (error instanceof PythonSyntaxError) return undefined;
    throw error;
  }
}
