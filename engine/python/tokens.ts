import { readNumber } from './numbers';
import { readString, STRING_PREFIX } from './strings';
import { PythonSyntaxError } from './syntax-error';

/** The kinds of Python token the literal reader tells apart; `newline` only where line breaks end the input. */
export type PythonTokenKind = 'string' | 'number' | 'name' | 'op' | 'newline' | 'end';

/** One Python token. `text` is its source text; `value` is a string's decoded text or a number's value. */
export interface PythonToken {
  kind: PythonTokenKind;
  start: number;
  end: number;
  text: string;
  value?: string | number;
  /** Set on ints, as opposed to floats. */
  integer?: boolean;
  /** Set on f-strings, which would need evaluation and are therefore refused. */
  formatted?: boolean;
  /** Set on bytes literals. */
  bytes?: boolean;
}

/** Python's operators and delimiters, longest first so that `**` is not read as two `*`. */
const OPERATORS = (
  '**= //= >>= <<= ... -> := ** // << >> <= >= == != += -= *= /= %= &= |= ^= @= ' +
  '+ - * / % @ & | ^ ~ < > ( ) [ ] { } , : . ; = !'
).split(' ');
/** The operators by their first character, so that a token is matched against a few, not all. */
const OPERATORS_BY_FIRST = new Map<string, string[]>();
for (const op of OPERATORS) OPERATORS_BY_FIRST.set(op[0]!, [...(OPERATORS_BY_FIRST.get(op[0]!) ?? []), op]);
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
/** Most names are ASCII, which a simpler pattern reads faster. */
const ASCII_NAME = /[A-Za-z_][A-Za-z0-9_]*(?![\u0080-\uffff])/y;

/**
 * Skips blanks, comments and backslash continuations; also line breaks unless `newlines` is false (outside brackets,
 * where Python ends a statement at a line break). Returns the offset of the next token.
 */
export function skipTrivia(text: string, pos: number, newlines = true): number {
  for (;;) {
    const char = text[pos];
    if (char === ' ' || char === '\t' || char === '\f' || char === '\v' || char === '\uFEFF') pos++;
    else if (newlines && (char === '\n' || char === '\r')) pos++;
    else if (char === '#') while (pos < text.length && text[pos] !== '\n' && text[pos] !== '\r') pos++;
    else if (char === '\\' && /^\\\r?\n/.test(text.slice(pos, pos + 3))) pos += text[pos + 1] === '\r' ? 3 : 2;
    else return pos;
  }
}

/** Reads the token that starts exactly at `pos` (call {@link skipTrivia} first). */
export function readPythonToken(text: string, pos: number): PythonToken {
  if (pos >= text.length) return { kind: 'end', start: pos, end: pos, text: '' };
  const char = text[pos]!;
  if (char === '\n' || char === '\r') return { kind: 'newline', start: pos, end: pos + 1, text: char };
  if (char === '"' || char === "'") return stringToken(text, pos, '');
  if (/\d/.test(char) || (char === '.' && /\d/.test(text[pos + 1] ?? ''))) {
    const { text: literal, value, integer, end } = readNumber(text, pos);
    return { kind: 'number', start: pos, end, text: literal, value, integer };
  }
  ASCII_NAME.lastIndex = NAME.lastIndex = pos;
  const name = ASCII_NAME.exec(text)?.[0] ?? NAME.exec(text)?.[0];
  if (name) {
    const next = text[pos + name.length];
    if ((next === '"' || next === "'") && STRING_PREFIX.test(name)) return stringToken(text, pos, name);
    return { kind: 'name', start: pos, end: pos + name.length, text: name };
  }
  const operator = OPERATORS_BY_FIRST.get(char)?.find((op) => text.startsWith(op, pos));
  if (!operator) throw new PythonSyntaxError(pos, `unexpected character '${char}'`);
  return { kind: 'op', start: pos, end: pos + operator.length, text: operator };
}

function stringToken(text: string, pos: number, prefix: string): PythonToken {
  const { text: literal, value, formatted, bytes, end } = readString(text, pos, prefix);
  return { kind: 'string', start: pos, end, text: literal, value, formatted, bytes };
}

/** How a token reads in an error message: `name 'os'`, `number 12`, `'+'`, `the end of the input`. */
export function describeToken(token: PythonToken): string {
  const shown = token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text;
  const oneLine = shown.replace(/\r?\n/g, '\\n');
  if (token.kind === 'end') return 'the end of the input';
  if (token.kind === 'newline') return 'a line break';
  if (token.kind === 'name') return `name '${oneLine}'`;
  if (token.kind === 'number') return `number ${oneLine}`;
  if (token.kind === 'string') return `${token.formatted ? 'f-string' : token.bytes ? 'bytes' : 'string'} ${oneLine}`;
  return `'${oneLine}'`;
}
