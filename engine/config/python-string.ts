import type { PythonToken } from './python-tokenizer';
import { failAt } from './text-position';

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Decodes the escape sequence at `pos` (a backslash); returns the text it stands for and where it ends. */
function decodeEscape(text: string, pos: number, bytes: boolean): { out: string; end: number } {
  const next = text[pos + 1]!;
  if (next === '\n') return { out: '', end: pos + 2 };
  if (next === '\r') return { out: '', end: text[pos + 2] === '\n' ? pos + 3 : pos + 2 };
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { out: simple, end: pos + 2 };
  const octal = /[0-7]{1,3}/y;
  octal.lastIndex = pos + 1;
  const digits = octal.exec(text)?.[0];
  if (digits) return { out: String.fromCharCode(parseInt(digits, 8)), end: pos + 1 + digits.length };
  const width = next === 'x' ? 2 : next === 'u' && !bytes ? 4 : next === 'U' && !bytes ? 8 : 0;
  if (width) {
    const hex = text.slice(pos + 2, pos + 2 + width);
    const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : NaN;
    if (!(code <= 0x10ffff)) failAt(text, pos, `invalid \\${next} escape: expected ${width} hex digits`);
    return { out: String.fromCodePoint(code), end: pos + 2 + width };
  }
  if (next === 'N' && !bytes) failAt(text, pos, 'named \\N{...} escapes are not supported');
  // Python keeps unknown escapes as they are, backslash included.
  return { out: `\\${next}`, end: pos + 2 };
}

/**
 * Reads one Python string literal whose prefix (`r`, `b`, `u`, `f` or a pair of them) starts at `pos`: single,
 * double or triple quotes, with escapes decoded unless the string is raw.
 */
export function readPythonString(text: string, pos: number, prefix: string): PythonToken {
  const raw = /r/i.test(prefix);
  const bytes = /b/i.test(prefix);
  const bodyStart = pos + prefix.length;
  const quote = text.startsWith(text[bodyStart]!.repeat(3), bodyStart) ? text[bodyStart]!.repeat(3) : text[bodyStart]!;
  const unterminated = () => failAt(text, pos, `unterminated ${quote.length === 3 ? 'triple-quoted ' : ''}string`);
  let out = '';
  let at = bodyStart + quote.length;
  for (;;) {
    if (at >= text.length) unterminated();
    if (text.startsWith(quote, at)) break;
    const char = text[at]!;
    if ((char === '\n' || char === '\r') && quote.length === 1) unterminated();
    if (char === '\\' && at + 1 >= text.length) unterminated();
    if (char === '\\' && raw) {
      // A raw string keeps the backslash, but the backslash still stops the next quote from ending the string.
      out += text.slice(at, at + 2);
      at += 2;
    } else if (char === '\\') {
      const escape = decodeEscape(text, at, bytes);
      out += escape.out;
      at = escape.end;
    } else {
      // Python reads \r\n in source as \n.
      if (!(char === '\r' && text[at + 1] === '\n')) out += char;
      at++;
    }
  }
  const end = at + quote.length;
  const token: PythonToken = { kind: 'string', start: pos, end, text: text.slice(pos, end), value: out };
  if (/f/i.test(prefix)) token.formatted = true;
  return token;
}
