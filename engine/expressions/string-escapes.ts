/** Python's one-character escapes; a backslash before a newline continues the line. */
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
  ['\n', ''],
]);

const HEX_WIDTH: ReadonlyMap<string, number> = new Map([
  ['x', 2],
  ['u', 4],
  ['U', 8],
]);

/**
 * Decodes Python's backslash escapes in the body of a non-raw string literal. Unknown escapes keep their backslash, as
 * in Python. Returns undefined for a malformed escape (`\x4`, `\N{…}`, a trailing backslash).
 */
export function decodeEscapes(body: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined || next === 'N') return undefined;
    const simple = SIMPLE_ESCAPES.get(next);
    const width = HEX_WIDTH.get(next);
    if (simple !== undefined) {
      out += simple;
      i += 1;
    } else if (next >= '0' && next <= '7') {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(digits, 8));
      i += digits.length;
    } else if (width !== undefined) {
      const hex = body.slice(i + 2, i + 2 + width);
      if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) return undefined;
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + width;
    } else {
      out += `\\${next}`;
      i += 1;
    }
  }
  return out;
}

function isUnprintable(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad;
}

/** Python's repr() of a string: quoted and escaped so that literal_eval reads it back. */
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
