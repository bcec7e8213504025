import type { Node } from './ast';
import { bindArguments } from './callables';
import { FILTERS } from './filters';
import { MACROS } from './macros';
import { METHODS } from './methods';
import { checkKey, parseArguments, parsePrimary, type ParseExpression } from './parse-primary';
import { TESTS } from './tests';
import type { TokenStream } from './token-stream';

const TEST_ALIASES: ReadonlyMap<string, string> = new Map([
  ['None', 'none'],
  ['True', 'true'],
  ['False', 'false'],
]);

/** Parses `.name`, `.0`, `[key]` or `[start:stop:step]` after `object`. */
function parseSubscript(stream: TokenStream, expression: ParseExpression, object: Node): Node {
  if (stream.skipOperator('.')) {
    const token = stream.next();
    if (token.type === 'number' && Number.isInteger(token.number)) {
      return { kind: 'member', object, key: { kind: 'literal', value: token.number!, pos: token.pos }, pos: token.pos };
    }
    if (token.type !== 'name') throw stream.error(token.pos, "expected an attribute name after '.'");
    checkKey(stream, token.value, token.pos);
    return { kind: 'member', object, key: { kind: 'literal', value: token.value, pos: token.pos }, pos: token.pos };
  }
  const { pos } = stream.expectOperator('[');
  const bound = () => (stream.isOperator(':') || stream.isOperator(']') ? null : expression(stream));
  const start = bound();
  if (!stream.skipOperator(':')) {
    if (!start) throw stream.error(stream.current.pos, 'expected an index or a key');
    stream.expectOperator(']');
    if (start.kind === 'literal') checkKey(stream, start.value, start.pos);
    return { kind: 'member', object, key: start, pos: start.pos };
  }
  const stop = bound();
  const step = stream.skipOperator(':') ? bound() : null;
  stream.expectOperator(']');
  return { kind: 'slice', object, start, stop, step, pos };
}

/** Parses a call after `callee`; only methods on the allowlist can be called this way. */
function parseCall(stream: TokenStream, expression: ParseExpression, callee: Node): Node {
  const { pos } = stream.current;
  const name = callee.kind === 'member' && callee.key.kind === 'literal' ? String(callee.key.value) : undefined;
  const method = name === undefined ? undefined : METHODS.get(name);
  if (callee.kind === 'member' && name !== undefined && method) {
    const args = bindArguments(`${name}()`, method, parseArguments(stream, expression), callee.pos, stream.fail);
    return { kind: 'method', object: callee.object, name, args, pos: callee.pos };
  }
  if (name !== undefined) {
    throw stream.error(
      callee.pos,
      `calling '${name}' is not allowed; allowed methods: ${[...METHODS.keys()].join(', ')}`,
    );
  }
  const what = callee.kind === 'name' ? `'${callee.name}'` : 'this value';
  const allowed = [...MACROS.keys()].join(', ');
  throw stream.error(
    callee.kind === 'name' ? callee.pos : pos,
    `calling ${what} is not allowed; allowed functions: ${allowed}`,
  );
}

function parseFilter(stream: TokenStream, expression: ParseExpression, value: Node): Node {
  stream.expectOperator('|');
  const token = stream.next();
  if (token.type !== 'name') throw stream.error(token.pos, "expected a filter name after '|'");
  const filter = FILTERS.get(token.value);
  if (!filter)
    throw stream.error(token.pos, `unknown filter '${token.value}'; known filters: ${[...FILTERS.keys()].join(', ')}`);
  const written = stream.isOperator('(') ? parseArguments(stream, expression) : [];
  const args = bindArguments(`filter '${token.value}'`, filter, written, token.pos, stream.fail);
  return { kind: 'filter', value, name: token.value, args, pos: token.pos };
}

function parseTest(stream: TokenStream, value: Node): Node {
  const is = stream.next();
  const negated = stream.skipWord('not');
  const token = stream.next();
  const name = TEST_ALIASES.get(token.value) ?? token.value;
  if (token.type !== 'name' || !TESTS.has(name)) {
    throw stream.error(token.pos, `unknown test '${token.value}'; known tests: ${[...TESTS.keys()].join(', ')}`);
  }
  if (stream.isOperator('(')) throw stream.error(stream.current.pos, 'tests with arguments are not supported');
  const test: Node = { kind: 'test', value, name, pos: token.pos };
  return negated ? { kind: 'not', operand: test, pos: is.pos } : test;
}

/**
 * Parses a unary expression as Jinja does: an optional sign, a primary, its attributes, items and calls, then (unless
 * it is the operand of a sign) its filters and tests, so `-x|abs` filters `-x` and `x.y is none` tests `x.y`.
 */
export function parseUnary(stream: TokenStream, expression: ParseExpression, withFilters = true): Node {
  const token = stream.current;
  let node: Node;
  if (stream.isOperator('-') || stream.isOperator('+')) {
    stream.next();
    const sign = token.value as '-' | '+';
    const operand = stream.nested(token.pos, () => parseUnary(stream, expression, false));
    node =
      operand.kind === 'literal' && typeof operand.value === 'number'
        ? { kind: 'literal', value: sign === '-' ? -operand.value : operand.value, pos: token.pos }
        : { kind: 'negate', sign, operand, pos: token.pos };
  } else node = parsePrimary(stream, expression);
  for (;;) {
    if (stream.isOperator('.') || stream.isOperator('[')) node = parseSubscript(stream, expression, node);
    else if (stream.isOperator('(')) node = parseCall(stream, expression, node);
    else if (withFilters && stream.isOperator('|')) node = parseFilter(stream, expression, node);
    else if (withFilters && stream.isWord('is')) node = parseTest(stream, node);
    else return node;
  }
}
