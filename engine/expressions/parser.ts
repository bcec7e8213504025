import type { Node, TemplatePart } from './ast';
import { expressionError, tokenize, type Token } from './lexer';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const CONSTANTS: Record<string, unknown> = { none: null, None: null, true: true, True: true, false: false, False: false };

/** Parses the tokens of one `{{ … }}` block into an expression tree (Jinja's precedence). */
function parseExpression(template: string, tokens: Token[]): Node {
  let i = 0;
  const peek = () => tokens[i]!;
  const isOp = (value: string) => peek().type === 'op' && peek().value === value;
  const isWord = (value: string) => peek().type === 'name' && peek().value === value;
  const expect = (value: string) => {
    if (!isOp(value)) throw expressionError(template, peek().pos, `expected '${value}', found ${peek().value ? `'${peek().value}'` : 'the end'}`);
    i++;
  };
  const list = (close: string, item: () => Node): Node[] => {
    const items: Node[] = [];
    while (!isOp(close)) {
      items.push(item());
      if (!isOp(close)) expect(',');
    }
    i++;
    return items;
  };

  const primary = (): Node => {
    const token = tokens[i++]!;
    if (token.type === 'num') return { k: 'lit', v: Number(token.value), pos: token.pos };
    if (token.type === 'str') return { k: 'lit', v: token.value, pos: token.pos };
    if (token.type === 'name') return token.value in CONSTANTS ? { k: 'lit', v: CONSTANTS[token.value], pos: token.pos } : { k: 'name', n: token.value, pos: token.pos };
    if (token.type === 'op' && token.value === '(') {
      const inner = conditional();
      expect(')');
      return inner;
    }
    if (token.type === 'op' && token.value === '[') return { k: 'list', items: list(']', conditional), pos: token.pos };
    if (token.type === 'op' && token.value === '{') {
      const entries: Array<[Node, Node]> = [];
      while (!isOp('}')) {
        const key = conditional();
        expect(':');
        entries.push([key, conditional()]);
        if (!isOp('}')) expect(',');
      }
      i++;
      return { k: 'dict', entries, pos: token.pos };
    }
    throw expressionError(template, token.pos, token.type === 'end' ? 'unexpected end of expression' : `unexpected '${token.value}'`);
  };

  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      const token = peek();
      if (isOp('.')) {
        i++;
        const name = tokens[i++]!;
        if (name.type !== 'name' && name.type !== 'num') throw expressionError(template, name.pos, 'expected a name after "."');
        node = { k: 'attr', o: node, n: name.value, pos: name.pos };
      } else if (isOp('[')) {
        i++;
        node = { k: 'item', o: node, i: conditional(), pos: token.pos };
        expect(']');
      } else if (isOp('(')) {
        i++;
        node = { k: 'call', f: node, args: list(')', conditional), pos: token.pos };
      } else if (isOp('|')) {
        i++;
        const name = tokens[i++]!;
        if (name.type !== 'name') throw expressionError(template, name.pos, 'expected a filter name after "|"');
        let args: Node[] = [];
        if (isOp('(')) {
          i++;
          args = list(')', conditional);
        }
        node = { k: 'filter', o: node, n: name.value, args, pos: name.pos };
      } else return node;
    }
  };

  const unary = (): Node => (isOp('-') ? { k: 'neg', a: (i++, unary()), pos: tokens[i - 1]!.pos } : postfix());
  const binary = (next: () => Node, ops: string[]) => (): Node => {
    let node = next();
    while (peek().type === 'op' && ops.includes(peek().value)) {
      const op = tokens[i++]!;
      node = { k: 'bin', op: op.value, a: node, b: next(), pos: op.pos };
    }
    return node;
  };
  const product = binary(unary, ['*', '/', '//', '%']);
  const sum = binary(product, ['+', '-']);
  const concat = binary(sum, ['~']);
  const compare = (): Node => {
    let node = concat();
    for (;;) {
      const token = peek();
      if (token.type === 'op' && COMPARISONS.has(token.value)) {
        i++;
        node = { k: 'bin', op: token.value, a: node, b: concat(), pos: token.pos };
      } else if (isWord('in')) {
        i++;
        node = { k: 'bin', op: 'in', a: node, b: concat(), pos: token.pos };
      } else if (isWord('not') && tokens[i + 1]?.value === 'in') {
        i += 2;
        node = { k: 'not', a: { k: 'bin', op: 'in', a: node, b: concat(), pos: token.pos }, pos: token.pos };
      } else if (isWord('is')) {
        i++;
        const neg = isWord('not') ? (i++, true) : false;
        const test = tokens[i++]!;
        if (test.type !== 'name') throw expressionError(template, test.pos, "expected a test name after 'is'");
        node = { k: 'test', a: node, test: test.value, neg, pos: test.pos };
      } else return node;
    }
  };
  const not = (): Node => (isWord('not') ? { k: 'not', a: (i++, not()), pos: tokens[i - 1]!.pos } : compare());
  const and = (): Node => {
    let node = not();
    while (isWord('and')) node = { k: 'bin', op: 'and', a: node, b: (i++, not()), pos: tokens[i - 1]!.pos };
    return node;
  };
  const or = (): Node => {
    let node = and();
    while (isWord('or')) node = { k: 'bin', op: 'or', a: node, b: (i++, and()), pos: tokens[i - 1]!.pos };
    return node;
  };
  function conditional(): Node {
    const node = or();
    if (!isWord('if')) return node;
    const pos = tokens[i++]!.pos;
    const c = or();
    const e = isWord('else') ? (i++, conditional()) : undefined;
    return { k: 'cond', t: node, c, e, pos };
  }

  const node = conditional();
  if (peek().type !== 'end') throw expressionError(template, peek().pos, `unexpected '${peek().value}'`);
  return node;
}

/** Maximum template length accepted. */
export const MAX_TEMPLATE_LENGTH = 10_000;

/** Splits a template into literal text and parsed `{{ … }}` blocks; `{# … #}` comments are dropped. */
export function parseTemplate(template: string): TemplatePart[] {
  if (template.length > MAX_TEMPLATE_LENGTH) throw expressionError(template, 0, `template longer than ${MAX_TEMPLATE_LENGTH} characters`);
  const parts: TemplatePart[] = [];
  let pos = 0;
  while (pos < template.length) {
    const open = template.slice(pos).search(/\{\{|\{%|\{#/);
    if (open < 0) {
      parts.push({ text: template.slice(pos) });
      break;
    }
    const at = pos + open;
    if (at > pos) parts.push({ text: template.slice(pos, at) });
    const kind = template[at + 1];
    if (kind === '%') throw expressionError(template, at, 'statements ({% %}) are not supported');
    const closer = kind === '#' ? '#}' : '}}';
    const close = template.indexOf(closer, at + 2);
    if (close < 0) throw expressionError(template, at, `missing '${closer}'`);
    if (kind === '{') parts.push({ node: parseExpression(template, tokenize(template, at + 2, close)) });
    pos = close + 2;
  }
  return parts;
}
