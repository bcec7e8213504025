import type { ArithmeticOp, CompareOp } from './python-operators';

/**
 * A node of a parsed expression; `pos` is its 0-based offset in the template, for error messages. Arguments of calls
 * are already matched to parameters: one slot per parameter, null where the default applies.
 */
export type Node =
  | { kind: 'literal'; value: string | number | boolean | null; pos: number }
  | { kind: 'name'; name: string; pos: number }
  | { kind: 'member'; object: Node; key: Node; pos: number }
  | { kind: 'slice'; object: Node; start: Node | null; stop: Node | null; step: Node | null; pos: number }
  | { kind: 'function'; name: string; args: Array<Node | null>; pos: number }
  | { kind: 'method'; object: Node; name: string; args: Array<Node | null>; pos: number }
  | { kind: 'filter'; value: Node; name: string; args: Array<Node | null>; pos: number }
  | { kind: 'test'; value: Node; name: string; pos: number }
  | { kind: 'not'; operand: Node; pos: number }
  | { kind: 'negate'; sign: '-' | '+'; operand: Node; pos: number }
  | { kind: 'logical'; op: 'and' | 'or'; left: Node; right: Node; pos: number }
  | { kind: 'arithmetic'; op: ArithmeticOp; left: Node; right: Node; pos: number }
  | { kind: 'compare'; left: Node; comparisons: Array<{ op: CompareOp; right: Node; pos: number }>; pos: number }
  | { kind: 'conditional'; test: Node; then: Node; otherwise: Node | null; pos: number }
  | { kind: 'list'; items: Node[]; pos: number }
  | { kind: 'dict'; entries: Array<[Node, Node]>; pos: number };

/** A node of the given kind. */
export type NodeOf<K extends Node['kind']> = Extract<Node, { kind: K }>;

/** A parsed template: literal text and expressions, in order. */
export type TemplatePart = string | Node;

const present = (node: Node | null): node is Node => node !== null;

/** The direct children of a node, in source order. */
export function children(node: Node): Node[] {
  switch (node.kind) {
    case 'literal':
    case 'name':
      return [];
    case 'member':
      return [node.object, node.key];
    case 'slice':
      return [node.object, node.start, node.stop, node.step].filter(present);
    case 'function':
      return node.args.filter(present);
    case 'method':
      return [node.object, ...node.args.filter(present)];
    case 'filter':
      return [node.value, ...node.args.filter(present)];
    case 'test':
      return [node.value];
    case 'not':
    case 'negate':
      return [node.operand];
    case 'logical':
    case 'arithmetic':
      return [node.left, node.right];
    case 'compare':
      return [node.left, ...node.comparisons.map((comparison) => comparison.right)];
    case 'conditional':
      return [node.then, node.test, node.otherwise].filter(present);
    case 'list':
      return node.items;
    case 'dict':
      return node.entries.flat();
  }
}

/** The depth of a tree, found without recursion so that even a pathological tree cannot exhaust the stack. */
export function treeDepth(root: Node): { depth: number; deepest: Node } {
  let result = { depth: 1, deepest: root };
  const pending: Array<[Node, number]> = [[root, 1]];
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const [node, depth] = entry;
    if (depth > result.depth) result = { depth, deepest: node };
    for (const child of children(node)) pending.push([child, depth + 1]);
  }
  return result;
}
