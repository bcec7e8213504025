import type { Node } from './ast';
import { bindArguments, type WrittenArgument } from './callables';
import { MACROS } from './macros';
import { deniedMessage, isDeniedKey, isDeniedName } from './sandbox';
import { describe, type TokenStream } from './token-stream';

/** Parses a whole expression (the entry point of the grammar, passed in to avoid an import cycle). */
export type ParseExpression = (stream: TokenStream) => Node;

const CONSTANTS: ReadonlyMap<string, boolean | null> = new Map([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
  ['none', null],
  ['None', null],
]);
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else']);

/** Parses `( … )` call arguments: positional ones, then `name=value` ones. */
export function parseArguments(stream: TokenStream, expression: ParseExpression): WrittenArgument[] {
  stream.expectOperator('(');
  const written: WrittenArgument[] = [];
  while (!stream.isOperator(')')) {
    const token = stream.current;
    if (token.type === 'name' && stream.isOperator('=', stream.following)) {
      stream.next();
      stream.next();
      written.push({ name: token.value, value: expression(stream), pos: token.pos });
    } else {
      if (written.some((argument) => argument.name !== undefined)) {
        throw stream.error(token.pos, 'positional argument follows keyword argument');
      }
      written.push({ value: expression(stream), pos: token.pos });
    }
    if (!stream.isOperator(')')) stream.expectOperator(',');
  }
  stream.next();
  return written;
}

/** Refuses a constant key that leads into the JavaScript runtime. */
export function checkKey(stream: TokenStream, key: unknown, pos: number): void {
  if (typeof key === 'string' && isDeniedKey(key)) throw stream.error(pos, deniedMessage(key));
}

function parseName(stream: TokenStream): Node {
  const { value: name, pos } = stream.next();
  const constant = CONSTANTS.get(name);
  if (constant !== undefined) return { kind: 'literal', value: constant, pos };
  if (KEYWORDS.has(name)) throw stream.error(pos, `unexpected '${name}'`);
  if (isDeniedName(name)) throw stream.error(pos, deniedMessage(name));
  return { kind: 'name', name, pos };
}

function parseFunction(stream: TokenStream, expression: ParseExpression): Node {
  const { value: name, pos } = stream.next();
  const macro = MACROS.get(name)!;
  if (!stream.isOperator('(')) throw stream.error(pos, `'${name}' is a function: it can only be called, as ${name}(…)`);
  const written = parseArguments(stream, expression);
  return { kind: 'function', name, args: bindArguments(`${name}()`, macro, written, pos, stream.fail), pos };
}

/** Parses `( … )`: a parenthesised expression, or a tuple (read as a list). */
function parseParenthesised(stream: TokenStream, expression: ParseExpression): Node {
  const { pos } = stream.next();
  if (stream.skipOperator(')')) return { kind: 'list', items: [], pos };
  const first = expression(stream);
  if (stream.skipOperator(')')) return first;
  const items = [first];
  while (stream.skipOperator(',') && !stream.isOperator(')')) items.push(expression(stream));
  stream.expectOperator(')');
  return { kind: 'list', items, pos };
}

function parseList(stream: TokenStream, expression: ParseExpression): Node {
  const { pos } = stream.next();
  const items: Node[] = [];
  while (!stream.isOperator(']')) {
    items.push(expression(stream));
    if (!stream.isOperator(']')) stream.expectOperator(',');
  }
  stream.next();
  return { kind: 'list', items, pos };
}

function parseDict(stream: TokenStream, expression: ParseExpression): Node {
  const { pos } = stream.next();
  const entries: Array<[Node, Node]> = [];
  while (!stream.isOperator('}')) {
    const key = expression(stream);
    if (key.kind === 'literal') checkKey(stream, key.value, key.pos);
    stream.expectOperator(':');
    entries.push([key, expression(stream)]);
    if (!stream.isOperator('}')) stream.expectOperator(',');
  }
  stream.next();
  return { kind: 'dict', entries, pos };
}

/** Parses a primary: a literal, a variable, a function call, a parenthesised expression, a list or a dict. */
export function parsePrimary(stream: TokenStream, expression: ParseExpression): Node {
  const token = stream.current;
  if (token.type === 'name') return MACROS.has(token.value) ? parseFunction(stream, expression) : parseName(stream);
  if (token.type === 'string') {
    let value = '';
    while (stream.current.type === 'string') value += stream.next().value;
    return { kind: 'literal', value, pos: token.pos };
  }
  if (token.type === 'number') {
    stream.next();
    return { kind: 'literal', value: token.number!, pos: token.pos };
  }
  if (stream.isOperator('(')) return parseParenthesised(stream, expression);
  if (stream.isOperator('[')) return parseList(stream, expression);
  if (stream.isOperator('{')) return parseDict(stream, expression);
  const found =
    token.type === 'end' ? 'expected a value, found the end of the expression' : `unexpected ${describe(token)}`;
  throw stream.error(token.pos, found);
}
