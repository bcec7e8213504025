import type { JsonObject, JsonValue } from '../json';
import { expectOp, readDltReference } from './dlt-reference';
import type { PythonTokenReader } from './token-reader';
import { describeToken } from './tokens';
import type { PythonToken } from './tokens';

/** What a caller reads beyond Python's literal syntax, and how deep it lets lists and dicts nest. */
export interface PythonLiteralOptions {
  /** `dlt.secrets["x"]`, `dlt.secrets.get("x")` and `dlt.config["x"]` read as `{ $secret: "x" }`. */
  secretReferences?: boolean;
  /** Bytes literals read as their text; otherwise they are refused, since no JSON value holds bytes. */
  bytesAsText?: boolean;
  /** A dict key `__proto__` kept as data; otherwise refused, for callers whose results may be copied into objects. */
  protoKeys?: boolean;
  /** The deepest nesting of lists, tuples, sets and dicts read; deeper input is refused, not a stack overflow. */
  maxDepth: number;
}

const CONSTANTS: ReadonlyMap<string, JsonValue> = new Map([
  ['True', true],
  ['False', false],
  ['None', null],
]);
const CLOSERS: Record<string, string> = { '[': ']', '(': ')', '{': '}' };

/** Reads one literal from a token reader; see `parsePythonLiteral` for what it accepts. */
export class LiteralParser {
  /** The brackets open before the literal starts, which do not count towards its nesting. */
  private readonly baseDepth: number;

  constructor(
    private readonly reader: PythonTokenReader,
    private readonly options: PythonLiteralOptions,
  ) {
    this.baseDepth = reader.depth;
  }

  value(): JsonValue {
    const { reader } = this;
    const token = reader.peek();
    if (reader.depth - this.baseDepth > this.options.maxDepth) {
      reader.fail(token, `lists and dicts nest deeper than ${this.options.maxDepth} levels`);
    }
    if (token.kind === 'string') return this.strings();
    if (token.kind === 'number') return this.number(reader.next(), 1);
    if (token.kind === 'name' && CONSTANTS.has(token.text)) return (reader.next(), CONSTANTS.get(token.text)!);
    if (token.kind === 'name' && token.text === 'dlt' && this.options.secretReferences) {
      const reference = readDltReference(reader, () => this.strings());
      if (reference) return reference;
    }
    if (token.kind === 'op') {
      if (token.text === '{') return this.braces();
      if (token.text === '[' || token.text === '(') return this.sequence();
      if (token.text === '-' || token.text === '+') {
        reader.next();
        const number = reader.next();
        if (number.kind !== 'number') {
          reader.fail(number, `expected a number after '${token.text}', found ${describeToken(number)}`);
        }
        return this.number(number, token.text === '-' ? -1 : 1);
      }
    }
    return reader.fail(token, `expected a literal value, found ${describeFound(reader)}`);
  }

  private number(token: PythonToken, sign: number): number {
    const value = token.value as number;
    if (token.integer && !Number.isSafeInteger(value)) {
      this.reader.fail(token, `integer ${token.text} is too large to read exactly`);
    }
    // Python's -0 is the int 0.
    return token.integer && value === 0 ? 0 : sign * value;
  }

  /** One string, or adjacent strings concatenated as Python does. */
  strings(): string {
    const { reader } = this;
    let out = '';
    while (reader.peek().kind === 'string') {
      const token = reader.peek();
      if (token.formatted || (token.bytes && !this.options.bytesAsText)) {
        reader.fail(token, `expected a literal value, found ${describeToken(token)}`);
      }
      out += reader.next().value as string;
    }
    return out;
  }

  /** Fails on the end of the input by pointing at the bracket that was never closed, which is where the fix goes. */
  private failUnclosed(token: PythonToken, message: string, open?: PythonToken): never {
    if (token.kind === 'end' && open) this.reader.fail(open, `'${open.text}' is never closed`);
    return this.reader.fail(token, message);
  }

  /** Takes the comma after an item, or checks that `close` comes next. */
  private separator(open: PythonToken, after: string): void {
    if (this.reader.isOp(',')) this.reader.next();
    else if (!this.reader.isOp(CLOSERS[open.text]!)) {
      const token = this.reader.peek();
      this.failUnclosed(
        token,
        `expected ',' or '${CLOSERS[open.text]}' after ${after}, found ${describeToken(token)}`,
        open,
      );
    }
  }

  /** A list, a tuple, or a parenthesised value: `(1)` is 1, `(1,)` and `()` are arrays. */
  private sequence(): JsonValue {
    const { reader } = this;
    const open = reader.next();
    const items: JsonValue[] = [];
    for (;;) {
      if (reader.isOp(CLOSERS[open.text]!)) return (reader.next(), items);
      if (reader.peek().kind === 'end') this.failUnclosed(reader.peek(), '', open);
      items.push(this.value());
      if (open.text === '(' && items.length === 1 && reader.isOp(')')) return (reader.next(), items[0]!);
      this.separator(open, 'an item');
    }
  }

  /** A dict, or a set (as an array): the first entry tells which. */
  private braces(): JsonValue {
    const { reader } = this;
    const open = reader.next();
    if (reader.isOp('}')) return (reader.next(), {});
    const first = reader.peek();
    // `{key: 1}` and `{**base}` are dicts written as in JavaScript or with unpacking: say what a key must be.
    if ((first.kind === 'name' && !CONSTANTS.has(first.text)) || (first.kind === 'op' && first.text === '**')) {
      reader.fail(first, `dict keys must be strings, found ${describeToken(first)}`);
    }
    const item = this.value();
    // A string followed by anything but ',' or '}' is a key missing its colon, which the dict reports.
    const isDict = reader.isOp(':') || (first.kind === 'string' && !reader.isOp(',') && !reader.isOp('}'));
    if (!isDict) return this.set(open, item);
    if (first.kind !== 'string') reader.fail(first, `dict keys must be strings, found ${describeToken(first)}`);
    return this.dict(open, item as string);
  }

  private set(open: PythonToken, first: JsonValue): JsonValue[] {
    const items = [first];
    for (;;) {
      this.separator(open, 'an item');
      if (this.reader.isOp('}')) return (this.reader.next(), items);
      items.push(this.value());
    }
  }

  private dict(open: PythonToken, firstKey: string): JsonObject {
    const { reader } = this;
    const out: JsonObject = {};
    for (let key: string | undefined = firstKey; ; key = undefined) {
      if (key === undefined) {
        if (reader.isOp('}')) return (reader.next(), out);
        const keyToken = reader.peek();
        if (keyToken.kind !== 'string') {
          this.failUnclosed(keyToken, `dict keys must be strings, found ${describeToken(keyToken)}`, open);
        }
        key = this.strings();
      }
      expectOp(reader, ':', `after the key '${key}'`);
      if (key === '__proto__' && !this.options.protoKeys) {
        reader.fail(reader.peek(), "a dict key '__proto__' is not allowed here");
      }
      const value = this.value();
      // Assigning "__proto__" would change the prototype; defining it stores it as data.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      this.separator(open, `the value of '${key}'`);
    }
  }
}

/** Describes a name the way the user wrote it: `name 'os.environ'` or `call of 'os.getenv(...)'`. */
function describeFound(reader: PythonTokenReader): string {
  const first = reader.peek();
  if (first.kind !== 'name') return describeToken(first);
  let dotted = reader.next().text;
  for (;;) {
    const mark = reader.mark();
    if (!reader.isOp('.')) break;
    reader.next();
    const part = reader.next();
    if (part.kind !== 'name') {
      reader.reset(mark);
      break;
    }
    dotted += `.${part.text}`;
  }
  return reader.isOp('(') ? `call of '${dotted}(...)'` : `name '${dotted}'`;
}
