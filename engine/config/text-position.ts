import { ConfigError } from '../errors';

/** A 1-based line and column in a text. */
export interface TextPosition {
  line: number;
  column: number;
}

/** The line and column (both 1-based) of an offset in a text, so that errors point into the file the user wrote. */
export function lineColumn(text: string, offset: number): TextPosition {
  const clamped = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', clamped - 1) + 1;
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < lineStart; at = text.indexOf('\n', at + 1)) line++;
  return { line, column: clamped - lineStart + 1 };
}

/** `line L, column C` of an offset in a text: the prefix of every syntax error message. */
export function formatPosition(text: string, offset: number): string {
  const { line, column } = lineColumn(text, offset);
  return `line ${line}, column ${column}`;
}

/** Throws a ConfigError whose message starts with the line and column of an offset. */
export function failAt(text: string, offset: number, message: string): never {
  throw new ConfigError(`${formatPosition(text, offset)}: ${message}`);
}
