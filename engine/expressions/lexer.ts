import { expressionError } from './expression-error';
import { decodeStringBody } from '../python/escapes';
import { readNumber } from '../python/numbers';
import { PythonSyntaxError } from '../python/syntax-error';

/** A token of the expression language, with its 0-based offset in the template. */
export interface Token {
  type: 'name' | 'string' | 'number' | 'operator' | 'end';
  /** The name, operator or (decoded) string; a number's source text. */
  value: string;
  pos: number;
  /** The value of a number token. */
  number?: number;
}

/** The tokens of one `{{ … }}` block and where the template goes on after it. */
export interface LexedBlock {
  tokens: Token[];
  /** Offset just after the closing `}}`. */
  end: number;
  /** Whether the block closed with `-}}`, which strips the whitespace that follows. */
  trimAfter: boolean;
}

/** Operators, longest first so that `//` and `==` win over `/` and `=`. */
const OPERATORS: readonly string[] = [
  ...['//', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '~'],
  ...['(', ')', '[', ']', '{', '}', ',', ':', '.', '|', '='],
];
const OPENERS: ReadonlyMap<string, string> = new Map([
  [')', '('],
  [']', '['],
  ['}', '{'],
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const STRING = /^(?:'((?:[^'\\]|\\[\s\S])*)'|"((?:[^"\\]|\\[\s\S])*)")/;

/** Matches an anchored pattern at `pos` (a slice, which V8 makes without copying). */
function matchAt(pattern: RegExp, text: string, pos: number): RegExpExecArray | null {
  return pattern.exec(text.slice(pos));
}

/** Reads one token at `pos` (not whitespace, not the block's end); `previous` tells `x.0.1` from the float `0.1`. */
function readToken(template: string, pos: number, previous: Token | undefined): { token: Token; length: number } {
  const fail = (message: string) => expressionError(template, pos, message);
  const char = template[pos]!;
  if (char === "'" || char === '"') {
    const match = matchAt(STRING, template, pos);
    if (!match) throw fail('string is not closed');
    const value = decodeStringBody(template, pos + 1, pos + match[0].length - 1);
    return { token: { type: 'string', value, pos }, length: match[0].length };
  }
  if (char >= '0' && char <= '9') {
    const afterDot = previous?.type === 'operator' && previous.value === '.';
    const { text, value } = readNumber(template, pos, afterDot);
    return { token: { type: 'number', value: text, pos, number: value }, length: text.length };
  }
  const name = matchAt(NAME, template, pos);
  if (name) return { token: { type: 'name', value: name[0], pos }, length: name[0].length };
  const operator = OPERATORS.find((candidate) => template.startsWith(candidate, pos));
  if (!operator) throw fail(`unexpected character ${JSON.stringify(char)}`);
  return { token: { type: 'operator', value: operator, pos }, length: operator.length };
}

/** Reads one token, reporting a malformed string escape or number (read as Python reads them) where it stands. */
function readTokenAt(template: string, pos: number, previous: Token | undefined): { token: Token; length: number } {
  try {
    return readToken(template, pos, previous);
  } catch (error) {
    if (error instanceof PythonSyntaxError) throw expressionError(template, error.offset, error.message);
    throw error;
  }
}

/**
 * Reads the tokens of one `{{ … }}` block from `start` (just after its opening) to the `}}` or `-}}` that closes it.
 * As in Jinja, `}}` inside brackets or a string does not close the block: `{{ {'a': {'b': 1}} }}` is one block.
 */
export function lexBlock(template: string, start: number, opening: number): LexedBlock {
  const tokens: Token[] = [];
  const open: Token[] = [];
  let pos = start;
  for (;;) {
    while (pos < template.length && /\s/.test(template[pos]!)) pos++;
    if (pos >= template.length) throw expressionError(template, opening, "'{{' is not closed by '}}'");
    const trimAfter = template.startsWith('-}}', pos);
    if (open.length === 0 && (trimAfter || template.startsWith('}}', pos))) {
      tokens.push({ type: 'end', value: '', pos });
      return { tokens, end: pos + (trimAfter ? 3 : 2), trimAfter };
    }
    const { token, length } = readTokenAt(template, pos, tokens.at(-1));
    if (token.type === 'operator' && '([{'.includes(token.value)) open.push(token);
    const opener = token.type === 'operator' ? OPENERS.get(token.value) : undefined;
    if (opener !== undefined) {
      const last = open.pop();
      if (!last) throw expressionError(template, pos, `unexpected '${token.value}'`);
      if (last.value !== opener) {
        throw expressionError(
          template,
          pos,
          `'${last.value}' at position ${last.pos} is not closed before '${token.value}'`,
        );
      }
    }
    tokens.push(token);
    pos += length;
  }
}
