import { ConfigError } from '../errors';
import type { JsonValue } from '../json';

/** Line and column (1-based) of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', b: '\b', f: '\f', v: '\v', '\n': '' };

/**
 * Parses a Python literal (dicts, lists, tuples, strings, numbers, True/False/None, comments, trailing commas) without
 * executing anything. `dlt.secrets["x"]`, `dlt.secrets.get("x")` and `dlt.config["x"]` become secret references.
 */
export function parsePythonLiteral(text: string, start = 0): { value: JsonValue; end: number } {
  let pos = start;
  const fail = (message: string): never => {
    const { line, column } = lineColumn(text, pos);
    throw new ConfigError(`line ${line}, column ${column}: ${message}`);
  };
  const skip = () => {
    for (;;) {
      while (pos < text.length && /\s/.test(text[pos]!)) pos++;
      if (text[pos] === '#') while (pos < text.length && text[pos] !== '\n') pos++;
      else return;
    }
  };
  const found = () => (pos >= text.length ? 'the end of the text' : `'${text.slice(pos, pos + 12).split('\n')[0]}'`);

  const parseString = (): string => {
    let out = '';
    let any = false;
    for (;;) {
      const match = /^([rRbBuU]{0,2})('''|"""|'|")/.exec(text.slice(pos, pos + 5));
      if (!match) break;
      any = true;
      const raw = /r/i.test(match[1]!);
      const quote = match[2]!;
      pos += match[0].length;
      for (;;) {
        if (pos >= text.length) fail('unterminated string');
        if (text.startsWith(quote, pos)) {
          pos += quote.length;
          break;
        }
        const char = text[pos]!;
        if (char === '\n' && quote.length === 1) fail('unterminated string');
        if (char === '\\' && !raw) {
          const next = text[pos + 1]!;
          const width = next === 'x' ? 2 : next === 'u' ? 4 : 0;
          out += width ? String.fromCharCode(parseInt(text.slice(pos + 2, pos + 2 + width), 16)) : (ESCAPES[next] ?? `\\${next}`);
          pos += 2 + width;
          continue;
        }
        out += char;
        pos++;
      }
      skip();
    }
    if (!any) fail(`expected a string, found ${found()}`);
    return out;
  };

  const parseSequence = (close: string): JsonValue[] => {
    const items: JsonValue[] = [];
    pos++;
    for (;;) {
      skip();
      if (text[pos] === close) return pos++, items;
      items.push(parseValue());
      skip();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`expected ',' or '${close}', found ${found()}`);
    }
  };

  const parseDict = (): JsonValue => {
    const out: Record<string, JsonValue> = {};
    pos++;
    for (;;) {
      skip();
      if (text[pos] === '}') return pos++, out;
      if (!/['"rRbBuU]/.test(text[pos] ?? '')) fail(`dict keys must be strings, found ${found()}`);
      const key = parseString();
      skip();
      if (text[pos] !== ':') fail(`expected ':' after key '${key}', found ${found()}`);
      pos++;
      skip();
      out[key] = parseValue();
      skip();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== '}') fail(`expected ',' or '}', found ${found()}`);
    }
  };

  const parseValue = (): JsonValue => {
    skip();
    const char = text[pos];
    if (char === '{') return parseDict();
    if (char === '[') return parseSequence(']');
    if (char === '(') return parseSequence(')');
    if (/^[rRbBuU]{0,2}['"]/.test(text.slice(pos, pos + 3))) return parseString();
    const secret = /^dlt\.(?:secrets|config)(?:\[\s*(['"])([^'"]+)\1\s*\]|\.get\(\s*(['"])([^'"]+)\3\s*\))/.exec(text.slice(pos));
    if (secret) {
      pos += secret[0].length;
      return { $secret: (secret[2] ?? secret[4])! };
    }
    const number = /^-?(0[xX][0-9a-fA-F_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][-+]?\d+)?)/.exec(text.slice(pos));
    if (number && number[0] !== '-') {
      pos += number[0].length;
      const literal = number[0].replace(/_/g, '');
      return /0[xX]/.test(literal) ? parseInt(literal, 16) : Number(literal);
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(pos));
    if (word?.[0] === 'True') return (pos += 4), true;
    if (word?.[0] === 'False') return (pos += 5), false;
    if (word?.[0] === 'None') return (pos += 4), null;
    if (word) return fail(`expected a literal value, found name '${word[0]}'`);
    return fail(`expected a literal value, found ${found()}`);
  };

  const value = parseValue();
  return { value, end: pos };
}
