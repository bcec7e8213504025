import { children, type Node, type TemplatePart } from './ast';

/**
 * The constant access path a node reads (`a.b['c'].get('d')` reads a, b, c, d), or undefined. Defaults of `.get` along
 * the chain go to `extras`, since they are read too.
 */
function pathOf(node: Node, extras: Node[]): string[] | undefined {
  if (node.kind === 'name') return [node.name];
  if (node.kind === 'member' && node.key.kind === 'literal') {
    const base = pathOf(node.object, extras);
    return base && [...base, String(node.key.value)];
  }
  const key = node.kind === 'method' && node.name === 'get' ? node.args[0] : undefined;
  if (node.kind === 'method' && key?.kind === 'literal') {
    const base = pathOf(node.object, extras);
    if (base && node.args[1]) extras.push(node.args[1]);
    return base && [...base, String(key.value)];
  }
  return undefined;
}

function collect(node: Node, out: string[][]): void {
  const extras: Node[] = [];
  const path = pathOf(node, extras);
  if (path) out.push(path);
  for (const child of path ? extras : children(node)) collect(child, out);
}

/**
 * Every variable access path with constant keys in parsed template parts, in order and without repeats:
 * `{{ stream_slice['file_id'] }}` reads ['stream_slice', 'file_id'].
 */
export function pathsIn(parts: readonly TemplatePart[]): string[][] {
  const out: string[][] = [];
  for (const part of parts) if (typeof part !== 'string') collect(part, out);
  const seen = new Set<string>();
  return out.filter((path) => {
    const key = JSON.stringify(path);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
