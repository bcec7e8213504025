/** A node of a parsed expression. `pos` is the offset in the template, for error messages. */
export type Node =
  | { k: 'lit'; v: unknown; pos: number }
  | { k: 'name'; n: string; pos: number }
  | { k: 'attr'; o: Node; n: string; pos: number }
  | { k: 'item'; o: Node; i: Node; pos: number }
  | { k: 'call'; f: Node; args: Node[]; pos: number }
  | { k: 'filter'; o: Node; n: string; args: Node[]; pos: number }
  | { k: 'not'; a: Node; pos: number }
  | { k: 'neg'; a: Node; pos: number }
  | { k: 'bin'; op: string; a: Node; b: Node; pos: number }
  | { k: 'test'; a: Node; test: string; neg: boolean; pos: number }
  | { k: 'cond'; t: Node; c: Node; e?: Node; pos: number }
  | { k: 'list'; items: Node[]; pos: number }
  | { k: 'dict'; entries: Array<[Node, Node]>; pos: number };

/** A parsed template: literal text and expression blocks, in order. */
export type TemplatePart = { text: string } | { node: Node };
