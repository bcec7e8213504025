import { MAX_VALUE_DEPTH } from './limits';
import { formatNumber, parseNumberLiteral } from './python-numbers';
import { decodeEscapes } from './string-escapes';

/** Thrown inside the reader when the text is not a literal; never escapes this module. */
class NotALiteral extends Error {}

const STRING_START = /^[rRuU]?(?:'''|"""|'|")/;
const NUMBER_TOKEN = /^(?:0[xXoObB][0-9a-fA-F_]*|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const CONSTANTS: ReadonlyMap<string, boolean | null> = new Map([
  ['True', true],
  ['False', false],
  ['None', null],
]);

/** Reads Python literal syntax: strings, numbers, True/False/None, lists, tuples, dicts and sets. */
class LiteralReader {
  private pos = 0;
  private brackets = 0;

  constructor(private readonly text: string) {}

  private stop(): never {
    throw new NotALiteral();
  }

  /** Matches an anchored pattern at the cursor. */
  private match(pattern: RegExp): string | undefined {
    return pattern.exec(this.text.slice(this.pos))?.[0];
  }

  /** Skips blanks and comments; newlines only inside brackets, where Python joins lines. */
  private skip(): void {
    for (;;) {
      const char = this.text[this.pos];
      if (char === ' ' || char === '\t' || char === '\f' || (this.brackets > 0 && (char === '\n' || char === '\r')))
        this.pos++;
      else if (char === '\\' && this.text[this.pos + 1] === '\n') this.pos += 2;
      else if (char === '#') while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      else return;
    }
  }

  /** The whole text: one value, or a bare tuple (`1, 2`), with blank lines around it. */
  readAll(): unknown {
    this.pos = this.text.length - this.text.trimStart().length;
    const first = this.value();
    this.skip();
    let result: unknown = first;
    if (this.text[this.pos] === ',') {
      const items = [first];
      while (this.text[this.pos] === ',') {
        this.pos++;
        this.skip();
        if (this.pos >= this.text.trimEnd().length) break;
        items.push(this.value());
        this.skip();
      }
      result = items;
    }
    if (this.text.slice(this.pos).trim() !== '') this.stop();
    return result;
  }

  private value(): unknown {
    this.skip();
    if (this.brackets > MAX_VALUE_DEPTH) this.stop();
    const char = this.text[this.pos];
    if (char === '[') return this.sequence(']');
    if (char === '(') return this.sequence(')');
    if (char === '{') return this.braces();
    if (this.match(STRING_START)) return this.string();
    if (char === '-' || char === '+') {
      this.pos++;
      this.skip();
      const number = this.number();
      return char === '-' ? -number : number;
    }
    if (this.match(NUMBER_TOKEN)) return this.number();
    const name = this.match(NAME);
    if (name !== undefined && CONSTANTS.has(name)) {
      this.pos += name.length;
      return CONSTANTS.get(name);
    }
    return this.stop();
  }

  private number(): number {
    const token = this.match(NUMBER_TOKEN) ?? this.stop();
    this.pos += token.length;
    const parsed = parseNumberLiteral(token);
    if (!parsed || /[A-Za-z0-9_.]/.test(this.text[this.pos] ?? '')) this.stop();
    // An integer a JavaScript number cannot hold exactly stays text, so nothing loses precision.
    if (parsed.integer && !Number.isSafeInteger(parsed.value)) this.stop();
    return parsed.value;
  }

  private string(): string {
    let out = '';
    for (let start = this.match(STRING_START); start !== undefined; start = this.match(STRING_START)) {
      const raw = /^[rR]/.test(start);
      const quote = start.replace(/^[rRuU]/, '');
      let end = this.pos + start.length;
      while (!this.text.startsWith(quote, end)) {
        if (end >= this.text.length || (quote.length === 1 && this.text[end] === '\n')) this.stop();
        end += this.text[end] === '\\' ? 2 : 1;
      }
      const body = this.text.slice(this.pos + start.length, end);
      out += (raw ? body : decodeEscapes(body)) ?? this.stop();
      this.pos = end + quote.length;
      this.skip();
    }
    return out;
  }

  /** Reads comma-separated entries up to `close`; returns how many commas it saw. */
  private entries(close: string, read: () => void): number {
    let commas = 0;
    this.pos++;
    this.brackets++;
    this.skip();
    while (this.text[this.pos] !== close) {
      read();
      this.skip();
      if (this.text[this.pos] === ',') {
        commas++;
        this.pos++;
      } else if (this.text[this.pos] !== close) this.stop();
      this.skip();
    }
    this.pos++;
    this.brackets--;
    return commas;
  }

  private sequence(close: ']' | ')'): unknown {
    const items: unknown[] = [];
    const commas = this.entries(close, () => items.push(this.value()));
    // `(5)` is just 5; `(5,)` is a tuple.
    return close === ')' && items.length === 1 && commas === 0 ? items[0] : items;
  }

  private braces(): unknown {
    const dict: Record<string, unknown> = {};
    const set: unknown[] = [];
    this.entries('}', () => {
      const key = this.value();
      this.skip();
      if (this.text[this.pos] === ':') {
        this.pos++;
        const name = dictKey(key) ?? this.stop();
        dict[name] = this.value();
      } else set.push(key);
    });
    if (set.length > 0 && Object.keys(dict).length > 0) this.stop();
    return set.length > 0 ? set : dict;
  }
}

/** The JavaScript key of a Python dict key; undefined for keys a JSON object cannot hold (and for `__proto__`). */
function dictKey(key: unknown): string | undefined {
  if (typeof key === 'string') return key === '__proto__' ? undefined : key;
  if (typeof key === 'number') return formatNumber(key);
  if (typeof key === 'boolean') return key ? 'True' : 'False';
  return key === null ? 'None' : undefined;
}

/**
 * Reads text as Python's `ast.literal_eval` does and returns `{ value }`, or undefined when the text is not a literal.
 * Tuples and sets become arrays; an integer beyond Number.MAX_SAFE_INTEGER makes the text count as no literal.
 */
export function literalEval(text: string): { value: unknown } | undefined {
  try {
    return { value: new LiteralReader(text).readAll() };
  } catch (error) {
    if (error instanceof NotALiteral) return undefined;
    throw error;
  }
}
