/**
 * Python source that is not what the reader accepts, at a 0-based offset. Callers turn it into their own error: the
 * config loader into a ConfigError with the line and column, the expression engine into an ExpressionError with the
 * position, or into "not a literal" where Airbyte keeps the text as it is.
 */
export class PythonSyntaxError extends Error {
  override name = 'PythonSyntaxError';

  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}
