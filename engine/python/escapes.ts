import { PythonSyntaxError } from './syntax-error';

/** Python's one-character escapes. */
const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['a', '\x07'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
]);

const OCTAL = /[0-7]{1,3}/y;

/** How a string body is written: raw strings keep their backslashes, bytes know no `\u`, `\U` or `\N`. */
export interface StringBodyOptions {
  raw?: boolean;
  bytes?: boolean;
}

/** Decodes the escape sequence at `pos` (a backslash); returns the text it stands for and where it ends. */
function decodeEscape(text: string, pos: number, bytes: boolean): { out: string; end: number } {
  const next = text[pos + 1]!;
  // A backslash before a line break continues the line.
  if (next === '\n') return { out: '', end: pos + 2 };
  if (next === '\r') return { out: '', end: text[pos + 2] === '\n' ? pos + 3 : pos + 2 };
  const simple = SIMPLE_ESCAPES.get(next);
  if (simple !== undefined) return { out: simple, end: pos + 2 };
  OCTAL.lastIndex = pos + 1;
  const digits = OCTAL.exec(text)?.[0];
  if (digits) return { out: String.fromCharCode(parseInt(digits, 8)), end: pos + 1 + digits.length };
  const width = next === 'x' ? 2 : next === 'u' && !bytes ? 4 : next === 'U' && !bytes ? 8 : 0;
  if (width) {
    const hex = text.slice(pos + 2, pos + 2 + width);
    const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : NaN;
    if (!(code <= 0x10ffff)) throw new PythonSyntaxError(pos, `invalid \\${next} escape: expected ${width} hex digits`);
    return { out: String.fromCodePoint(code), end: pos + 2 + width };
  }
  if (next === 'N' && !bytes) throw new PythonSyntaxError(pos, 'named \\N{...} escapes are not supported');
  // Python keeps unknown escapes as they are, backslash included.
  return { out: `\\${next}`, end: pos + 2 };
}

/**
 * The text of a string literal's body, `text[start, end)`: escapes decoded unless the string is raw, and a line break
 * written as \r\n read as \n, as Python reads source. Throws a PythonSyntaxError at a malformed escape.
 */
export function decodeStringBody(text: string, start: number, end: number, options: StringBodyOptions = {}): string {
  let out = '';
  let at = start;
  while (at < end) {
    const char = text[at]!;
    if (char === '\\' && options.raw) {
      // A raw string keeps the backslash, and the character after it, which may be a quote.
      out += text.slice(at, at + 2);
      at += 2;
    } else if (char === '\\') {
      const escape = decodeEscape(text, at, options.bytes === true);
      out += escape.out;
      at = escape.end;
    } else {
      if (options.bytes && char > '\x7f') throw new PythonSyntaxError(at, 'bytes can only contain ASCII characters');
      if (!(char === '\r' && text[at + 1] === '\n')) out += char;
      at++;
    }
  }
  return out;
}

function isUnprintable(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad;
}

/** Python's repr() of a string: quoted and escaped so that the literal reader reads it back. */
export function quoteString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === quote) out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (isUnprintable(code)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0xd800 && code <= 0xdfff) || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return out + quote;
}
