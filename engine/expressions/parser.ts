import { treeDepth, type Node } from './ast';
import type { Token } from './lexer';
import { MAX_TREE_DEPTH } from './limits';
import { parseUnary } from './parse-postfix';
import type { ArithmeticOp, CompareOp } from './python-operators';
import { describe, TokenStream } from './token-stream';

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Parses a left-associative chain of arithmetic operators over `operand`. */
function arithmeticLevel(operators: readonly ArithmeticOp[], operand: (stream: TokenStream) => Node) {
  return (stream: TokenStream): Node => {
    let node = operand(stream);
    const isOperator = (token: Token) =>
      token.type === 'operator' && (operators as readonly string[]).includes(token.value);
    for (let token = stream.current; isOperator(token); token = stream.current) {
      stream.next();
      node = {
        kind: 'arithmetic',
        op: token.value as ArithmeticOp,
        left: node,
        right: operand(stream),
        pos: token.pos,
      };
    }
    return node;
  };
}

// Jinja's precedence, loosest first: if/else, or, and, not, comparisons, + -, ~, * / // %, unary, filters.
const parseProduct = arithmeticLevel(['*', '/', '//', '%'], (stream) => parseUnary(stream, parseConditional));
const parseConcat = arithmeticLevel(['~'], parseProduct);
const parseSum = arithmeticLevel(['+', '-'], parseConcat);

function parseComparison(stream: TokenStream): Node {
  const left = parseSum(stream);
  const comparisons: Array<{ op: CompareOp; right: Node; pos: number }> = [];
  for (;;) {
    const token = stream.current;
    let op: CompareOp;
    if (token.type === 'operator' && COMPARISONS.has(token.value)) op = token.value as CompareOp;
    else if (stream.isWord('in')) op = 'in';
    else if (stream.isWord('not') && stream.isWord('in', stream.following)) op = 'not in';
    else break;
    stream.next();
    if (op === 'not in') stream.next();
    comparisons.push({ op, right: parseSum(stream), pos: token.pos });
  }
  return comparisons.length === 0 ? left : { kind: 'compare', left, comparisons, pos: comparisons[0]!.pos };
}

function parseNot(stream: TokenStream): Node {
  if (!stream.isWord('not')) return parseComparison(stream);
  const { pos } = stream.next();
  return { kind: 'not', operand: stream.nested(pos, () => parseNot(stream)), pos };
}

function logicalLevel(op: 'and' | 'or', operand: (stream: TokenStream) => Node) {
  return (stream: TokenStream): Node => {
    let node = operand(stream);
    while (stream.isWord(op)) {
      const { pos } = stream.next();
      node = { kind: 'logical', op, left: node, right: operand(stream), pos };
    }
    return node;
  };
}

const parseAnd = logicalLevel('and', parseNot);
const parseOr = logicalLevel('or', parseAnd);

/** Parses a full expression: `a if cond else b` over everything else (the grammar's entry point). */
function parseConditional(stream: TokenStream): Node {
  return stream.nested(stream.current.pos, () => {
    let node = parseOr(stream);
    while (stream.isWord('if')) {
      const { pos } = stream.next();
      const test = parseOr(stream);
      const otherwise = stream.skipWord('else') ? parseConditional(stream) : null;
      node = { kind: 'conditional', test, then: node, otherwise, pos };
    }
    return node;
  });
}

/** Parses the tokens of one `{{ … }}` block into an expression tree, with Jinja's operator precedence. */
export function parseExpression(template: string, tokens: readonly Token[]): Node {
  const stream = new TokenStream(template, tokens);
  if (stream.atEnd()) throw stream.error(stream.current.pos, 'empty expression: expected a value between {{ and }}');
  const node = parseConditional(stream);
  if (!stream.atEnd()) throw stream.error(stream.current.pos, `unexpected ${describe(stream.current)}`);
  const { depth, deepest } = treeDepth(node);
  if (depth > MAX_TREE_DEPTH) throw stream.error(deepest.pos, `expression is more than ${MAX_TREE_DEPTH} levels deep`);
  return node;
}
