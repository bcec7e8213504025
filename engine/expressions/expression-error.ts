import { ExpressionError } from '../errors';

/** Longest excerpt of a template quoted in an error message. */
const EXCERPT_LENGTH = 120;

/** The ExpressionError for a problem at `pos` (a 0-based offset) in `template`. */
export function expressionError(template: string, pos: number, message: string): ExpressionError {
  const excerpt = template.length > EXCERPT_LENGTH ? `${template.slice(0, EXCERPT_LENGTH)}…` : template;
  return new ExpressionError(`expression error at position ${pos} in ${JSON.stringify(excerpt)}: ${message}`);
}

/**
 * A value operation failed (a bad operand, a failed conversion). Helpers throw it without knowing where they were
 * called from; the evaluator turns it into an ExpressionError that names the template and the position.
 */
export class EvaluationFailure extends Error {
  override name = 'EvaluationFailure';
}

/** Throws an EvaluationFailure. */
export function fail(message: string): never {
  throw new EvaluationFailure(message);
}
