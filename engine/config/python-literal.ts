import type { JsonObject, JsonValue } from '../json';
import { describeToken, PythonTokenReader } from './python-tokenizer';
import type { PythonToken } from './python-tokenizer';

const CONSTANTS: Record<string, JsonValue> = { True: true, False: false, None: null };
const CLOSERS: Record<string, string> = { '[': ']', '(': ')', '{': '}' };

/** A parsed literal and the offset just after it. */
export interface ParsedPythonLiteral {
  value: JsonValue;
  end: number;
}

/**
 * Parses the Python literal that starts at `start`: dicts, lists, tuples (as arrays), strings (any quotes and
 * prefixes, escapes, implicit concatenation), ints, floats, True/False/None, with comments and trailing commas.
 * `dlt.secrets["x"]`, `dlt.secrets.get("x")` and `dlt.config["x"]` become `{ $secret: "x" }`. Nothing is executed:
 * anything else (a name, a call, an f-string, an operator) is a ConfigError that gives the line and column.
 * Newlines are insignificant, as inside brackets, since a config is always the argument of a call or a dict.
 */
export function parsePythonLiteral(text: string, start = 0): ParsedPythonLiteral {
  const reader = new PythonTokenReader(text, start);
  const value = parseValue(reader);
  return { value, end: reader.lastEnd };
}

function parseValue(reader: PythonTokenReader): JsonValue {
  const token = reader.peek();
  if (token.kind === 'string' && !token.formatted) return parseStrings(reader);
  if (token.kind === 'number') return reader.next().value as number;
  if (token.kind === 'name' && Object.hasOwn(CONSTANTS, token.text)) return (reader.next(), CONSTANTS[token.text]!);
  if (token.kind === 'name' && token.text === 'dlt') {
    const reference = parseDltReference(reader);
    if (reference) return reference;
  }
  if (token.kind === 'op') {
    if (token.text === '{') return parseDict(reader);
    if (token.text === '[' || token.text === '(') return parseSequence(reader);
    if (token.text === '-' || token.text === '+') {
      reader.next();
      const number = reader.next();
      if (number.kind !== 'number') {
        reader.fail(number, `expected a number after '${token.text}', found ${describeToken(number)}`);
      }
      return token.text === '-' ? -(number.value as number) : (number.value as number);
    }
  }
  return reader.fail(token, `expected a literal value, found ${describeFound(reader)}`);
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

function parseStrings(reader: PythonTokenReader): string {
  let out = '';
  while (reader.peek().kind === 'string') {
    const token = reader.next();
    if (token.formatted) reader.fail(token, `expected a literal value, found ${describeToken(token)}`);
    out += token.value as string;
  }
  return out;
}

/** `dlt.secrets["x"]`, `dlt.secrets.get("x")`, `dlt.config["x"]`; undefined when `dlt` is followed by anything else. */
function parseDltReference(reader: PythonTokenReader): JsonValue | undefined {
  const mark = reader.mark();
  reader.next();
  const dot = reader.next();
  const store = reader.next();
  const isStore = dot.text === '.' && store.kind === 'name' && (store.text === 'secrets' || store.text === 'config');
  const opener = reader.peek();
  const viaGet = opener.text === '.';
  if (!isStore || opener.kind !== 'op' || (opener.text !== '[' && !viaGet)) return (reader.reset(mark), undefined);
  reader.next();
  if (viaGet) {
    const get = reader.next();
    if (get.kind !== 'name' || get.text !== 'get' || !reader.isOp('(')) return (reader.reset(mark), undefined);
    reader.next();
  }
  const key = reader.peek();
  if (key.kind !== 'string' || key.formatted)
    reader.fail(key, `expected the name of the secret as a string, found ${describeToken(key)}`);
  const name = parseStrings(reader);
  if (viaGet && reader.isOp(',')) reader.next();
  expectOp(reader, viaGet ? ')' : ']', `after the name of the secret '${name}'`);
  return { $secret: name };
}

function expectOp(reader: PythonTokenReader, op: string, where: string): void {
  const token = reader.next();
  if (token.kind !== 'op' || token.text !== op)
    reader.fail(token, `expected '${op}' ${where}, found ${describeToken(token)}`);
}

/** Fails on the end of the input by pointing at the bracket that was never closed, which is where the fix goes. */
function failUnclosed(reader: PythonTokenReader, open: PythonToken, token: PythonToken, message: string): never {
  if (token.kind === 'end') reader.fail(open, `'${open.text}' is never closed`);
  return reader.fail(token, message);
}

/** A list, a tuple, or a parenthesised value: `(1)` is 1, `(1,)` and `()` are arrays. */
function parseSequence(reader: PythonTokenReader): JsonValue {
  const open = reader.next();
  const close = CLOSERS[open.text]!;
  const items: JsonValue[] = [];
  for (;;) {
    if (reader.isOp(close)) return (reader.next(), items);
    const token = reader.peek();
    if (token.kind === 'end') failUnclosed(reader, open, token, '');
    items.push(parseValue(reader));
    if (open.text === '(' && items.length === 1 && reader.isOp(')')) return (reader.next(), items[0]!);
    if (reader.isOp(',')) reader.next();
    else if (!reader.isOp(close)) {
      const after = reader.peek();
      failUnclosed(reader, open, after, `expected ',' or '${close}' after an item, found ${describeToken(after)}`);
    }
  }
}

function parseDict(reader: PythonTokenReader): JsonObject {
  const open = reader.next();
  const out: JsonObject = {};
  for (;;) {
    if (reader.isOp('}')) return (reader.next(), out);
    const keyToken = reader.peek();
    if (keyToken.kind !== 'string' || keyToken.formatted) {
      failUnclosed(reader, open, keyToken, `dict keys must be strings, found ${describeToken(keyToken)}`);
    }
    const key = parseStrings(reader);
    expectOp(reader, ':', `after the key '${key}'`);
    // defineProperty, so that a key such as "__proto__" is stored as data and never changes the prototype.
    Object.defineProperty(out, key, {
      value: parseValue(reader),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    if (reader.isOp(',')) reader.next();
    else if (!reader.isOp('}')) {
      const after = reader.peek();
      failUnclosed(
        reader,
        open,
        after,
        `expected ',' or '}' after the value of '${key}', found ${describeToken(after)}`,
      );
    }
  }
}
