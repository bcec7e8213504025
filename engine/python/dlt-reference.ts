import type { JsonValue } from '../json';
import type { PythonTokenReader } from './token-reader';
import { describeToken } from './tokens';

/** Takes the operator `op`, or fails naming what it was expected after. */
export function expectOp(reader: PythonTokenReader, op: string, where: string): void {
  const token = reader.next();
  if (token.kind !== 'op' || token.text !== op)
    reader.fail(token, `expected '${op}' ${where}, found ${describeToken(token)}`);
}

/**
 * Reads `dlt.secrets["x"]`, `dlt.secrets.get("x")` or `dlt.config["x"]` as `{ $secret: "x" }`, so that a config file
 * names its secrets without holding them; `readStrings` reads the name. Undefined, with nothing taken, when `dlt` is
 * followed by anything else.
 */
export function readDltReference(reader: PythonTokenReader, readStrings: () => string): JsonValue | undefined {
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
  if (key.kind !== 'string' || key.formatted) {
    reader.fail(key, `expected the name of the secret as a string, found ${describeToken(key)}`);
  }
  const name = readStrings();
  if (viaGet && reader.isOp(',')) reader.next();
  expectOp(reader, viaGet ? ')' : ']', `after the name of the secret '${name}'`);
  return { $secret: name };
}
