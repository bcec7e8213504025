import { decodeStringBody } from './escapes';
import { PythonSyntaxError } from './syntax-error';

/** A string literal as Python reads it. */
export interface PythonString {
  /** The source text, prefix and quotes included. */
  text: string;
  /** The decoded text. */
  value: string;
  /** An f-string, which would need evaluation. */
  formatted: boolean;
  /** A bytes literal. */
  bytes: boolean;
  /** The offset just after it. */
  end: number;
}

/** Prefixes Python accepts before a quote, in any case. */
export const STRING_PREFIX = /^(?:[rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])$/;

function unterminated(pos: number, quote: string): PythonSyntaxError {
  return new PythonSyntaxError(pos, `unterminated ${quote.length === 3 ? 'triple-quoted ' : ''}string`);
}

/**
 * Reads one Python string literal whose prefix (`r`, `b`, `u`, `f` or a pair of them) starts at `pos`: single, double
 * or triple quotes, with escapes decoded unless the string is raw.
 */
export function readString(text: string, pos: number, prefix: string): PythonString {
  const bodyStart = pos + prefix.length;
  const opening = text[bodyStart]!;
  const quote = text.startsWith(opening.repeat(3), bodyStart) ? opening.repeat(3) : opening;
  let at = bodyStart + quote.length;
  while (!text.startsWith(quote, at)) {
    const char = text[at];
    if (char === undefined || ((char === '\n' || char === '\r') && quote.length === 1)) throw unterminated(pos, quote);
    // A backslash takes the next character (or line break) with it, so that an escaped quote does not end the string.
    if (char === '\\' && at + 1 >= text.length) throw unterminated(pos, quote);
    at += char !== '\\' ? 1 : text.startsWith('\r\n', at + 1) ? 3 : 2;
  }
  const options = { raw: /r/i.test(prefix), bytes: /b/i.test(prefix) };
  const value = decodeStringBody(text, bodyStart + quote.length, at, options);
  const end = at + quote.length;
  return { text: text.slice(pos, end), value, formatted: /f/i.test(prefix), bytes: options.bytes, end };
}
