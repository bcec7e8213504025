import type { JsonValue } from '../json';
import { LiteralParser } from './literal-parser';
import type { PythonLiteralOptions } from './literal-parser';
import { PythonTokenReader } from './token-reader';
import { describeToken, skipTrivia } from './tokens';

export type { PythonLiteralOptions } from './literal-parser';

/** A parsed literal and the offset just after it. */
export interface ParsedPythonLiteral {
  value: JsonValue;
  end: number;
}

/**
 * Parses the Python literal that starts at `start`, as the argument of a call or the value in a dict, where line
 * breaks are blank space: dicts, lists, tuples and sets (as arrays), strings (any quotes and prefixes, escapes,
 * implicit concatenation), ints, floats, True/False/None, with comments and trailing commas. Nothing is executed:
 * anything else (a name, a call, an f-string, an operator) is a PythonSyntaxError at its offset, and so is an int a
 * JavaScript number cannot hold exactly.
 */
export function parsePythonLiteral(text: string, start: number, options: PythonLiteralOptions): ParsedPythonLiteral {
  const reader = new PythonTokenReader(text, start, 1);
  const value = new LiteralParser(reader, options).value();
  return { value, end: reader.lastEnd };
}

/**
 * Reads a whole text as Python's `ast.literal_eval` does: one literal, or a bare tuple (`1, 2`), with blank lines and
 * comments around it. Throws a PythonSyntaxError where the text is anything else.
 */
export function parsePythonText(text: string, options: PythonLiteralOptions): JsonValue {
  const reader = new PythonTokenReader(text, skipTrivia(text, 0), 0);
  const parser = new LiteralParser(reader, options);
  const first = parser.value();
  let result = first;
  if (reader.isOp(',')) {
    const items = [first];
    for (reader.next(); !['end', 'newline'].includes(reader.peek().kind); reader.next()) {
      items.push(parser.value());
      if (!reader.isOp(',')) break;
    }
    result = items;
  }
  const rest = reader.peek();
  if (skipTrivia(text, rest.start) < text.length)
    reader.fail(rest, `expected the end of the text, found ${describeToken(rest)}`);
  return result;
}
