import { readPythonString } from './python-string';
import { failAt } from './text-position';

/** The kinds of Python token the literal parser tells apart. */
export type PythonTokenKind = 'string' | 'number' | 'name' | 'op' | 'end';

/** One Python token. `text` is its source text; `value` is a string's decoded text or a number's value. */
export interface PythonToken {
  kind: PythonTokenKind;
  start: number;
  end: number;
  text: string;
  value?: string | number;
  /** Set on f-strings, which would need evaluation and are therefore refused. */
  formatted?: boolean;
}

/** Python's operators and delimiters, longest first so that `**` is not read as two `*`. */
const OPERATORS = (
  '**= //= >>= <<= ... -> := ** // << >> <= >= == != += -= *= /= %= &= |= ^= @= ' +
  '+ - * / % @ & | ^ ~ < > ( ) [ ] { } , : . ; = !'
).split(' ');
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const STRING_PREFIX = /^(?:[rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])$/;
const NUMBER =
  /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?/y;

/** Skips whitespace, newlines, comments and backslash continuations; returns the offset of the next token. */
export function skipTrivia(text: string, pos: number): number {
  for (;;) {
    const char = text[pos];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\v') pos++;
    else if (char === '#') while (pos < text.length && text[pos] !== '\n') pos++;
    else if (char === '\\' && /^\\\r?\n/.test(text.slice(pos, pos + 3))) pos += text[pos + 1] === '\r' ? 3 : 2;
    else if (char === '\uFEFF') pos++;
    else return pos;
  }
}

function readNumber(text: string, pos: number): PythonToken {
  NUMBER.lastIndex = pos;
  const literal = NUMBER.exec(text)![0];
  const end = pos + literal.length;
  const tail = /[\p{L}\p{N}_.]*/uy;
  tail.lastIndex = end;
  const extra = tail.exec(text)![0];
  if (/^[\p{L}\p{N}_]/u.test(extra)) failAt(text, pos, `invalid number '${literal}${extra}'`);
  const digits = literal.replace(/_/g, '');
  if (/^0\d*$/.test(digits) && /[1-9]/.test(digits))
    failAt(text, pos, `invalid number '${literal}': leading zeros are not allowed`);
  return { kind: 'number', start: pos, end, text: literal, value: Number(digits) };
}

/** Reads the token that starts exactly at `pos` (call {@link skipTrivia} first). */
export function readPythonToken(text: string, pos: number): PythonToken {
  if (pos >= text.length) return { kind: 'end', start: pos, end: pos, text: '' };
  const char = text[pos]!;
  if (char === '"' || char === "'") return readPythonString(text, pos, '');
  if (/\d/.test(char) || (char === '.' && /\d/.test(text[pos + 1] ?? ''))) return readNumber(text, pos);
  NAME.lastIndex = pos;
  const name = NAME.exec(text)?.[0];
  if (name) {
    const next = text[pos + name.length];
    if ((next === '"' || next === "'") && STRING_PREFIX.test(name)) return readPythonString(text, pos, name);
    return { kind: 'name', start: pos, end: pos + name.length, text: name };
  }
  const operator = OPERATORS.find((op) => text.startsWith(op, pos));
  if (!operator) failAt(text, pos, `unexpected character '${char}'`);
  return { kind: 'op', start: pos, end: pos + operator.length, text: operator };
}

/** How a token reads in an error message: `name 'os'`, `number 12`, `'+'`, `the end of the input`. */
export function describeToken(token: PythonToken): string {
  const shown = token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text;
  const oneLine = shown.replace(/\r?\n/g, '\\n');
  if (token.kind === 'end') return 'the end of the input';
  if (token.kind === 'name') return `name '${oneLine}'`;
  if (token.kind === 'number') return `number ${oneLine}`;
  if (token.kind === 'string') return `${token.formatted ? 'f-string' : 'string'} ${oneLine}`;
  return `'${oneLine}'`;
}

/** Reads tokens one at a time, skipping trivia, with one token of lookahead and the ability to backtrack. */
export class PythonTokenReader {
  private pos: number;
  private peeked: PythonToken | undefined;
  /** The offset just after the last token taken. */
  lastEnd: number;

  constructor(
    readonly text: string,
    start: number,
  ) {
    this.pos = start;
    this.lastEnd = start;
  }

  /** The next token, without taking it. */
  peek(): PythonToken {
    this.peeked ??= readPythonToken(this.text, skipTrivia(this.text, this.pos));
    return this.peeked;
  }

  /** Takes the next token. */
  next(): PythonToken {
    const token = this.peek();
    this.peeked = undefined;
    this.pos = this.lastEnd = token.end;
    return token;
  }

  /** Whether the next token is the operator `op`. */
  isOp(op: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === op;
  }

  /** A mark to come back to with {@link reset}. */
  mark(): { pos: number; lastEnd: number } {
    return { pos: this.pos, lastEnd: this.lastEnd };
  }

  /** Goes back to a mark. */
  reset(mark: { pos: number; lastEnd: number }): void {
    this.pos = mark.pos;
    this.lastEnd = mark.lastEnd;
    this.peeked = undefined;
  }

  /** Throws a ConfigError pointing at a token. */
  fail(token: PythonToken, message: string): never {
    return failAt(this.text, token.start, message);
  }
}
