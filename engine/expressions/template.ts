import type { Node, TemplatePart } from './ast';
import { Evaluator } from './evaluate';
import { parseTemplate } from './parser';
import { UNDEFINED, literalValue, pyStr, truthy } from './python-values';

/** Variables a template sees: response, headers, last_record, last_page_size, record, stream_partition, … */
export interface ExpressionContext {
  [name: string]: unknown;
}

/** Options for evaluation. */
export interface EvaluateOptions {
  /** The clock behind now_utc() and friends. */
  now?: () => Date;
}

const cache = new Map<string, TemplatePart[]>();
const CACHE_LIMIT = 500;

function parsed(template: string): TemplatePart[] {
  let parts = cache.get(template);
  if (!parts) {
    parts = parseTemplate(template);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(template, parts);
  }
  return parts;
}

function evaluateParts(template: string, context: ExpressionContext, options: EvaluateOptions): unknown[] {
  const evaluator = new Evaluator(template, context, options.now ?? (() => new Date()));
  return parsed(template).map((part) => ('text' in part ? part.text : evaluator.eval(part.node)));
}

/** Whether a string contains a `{{ … }}` expression. */
export function isTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/** Parses a template without evaluating it; throws ExpressionError on errors. */
export function checkTemplate(template: string): void {
  parsed(template);
}

/** Renders a template to a plain string (for paths, params and headers). */
export function renderString(template: string, context: ExpressionContext, options: EvaluateOptions = {}): string {
  return evaluateParts(template, context, options).map(pyStr).join('');
}

/** Renders a template as Airbyte does: to a string, then converted as Python's literal_eval; empty gives null. */
export function renderValue(template: string, context: ExpressionContext, options: EvaluateOptions = {}): unknown {
  const text = renderString(template, context, options);
  return text === '' ? null : literalValue(text);
}

/** Evaluates a condition as Airbyte's InterpolatedBoolean: falsy values and "False", "false", "0", "", "None" are false. */
export function evaluateCondition(template: string, context: ExpressionContext, options: EvaluateOptions = {}): boolean {
  const values = evaluateParts(template, context, options);
  if (values.length === 1 && values[0] !== UNDEFINED && typeof values[0] !== 'string') return truthy(values[0]);
  return truthy(renderValue(template, context, options));
}

function collectPaths(node: Node, out: string[][]): string[] | undefined {
  const child = (n: Node) => collectPaths(n, out);
  switch (node.k) {
    case 'name': return [node.n];
    case 'attr': {
      const base = child(node.o);
      return base ? [...base, node.n] : undefined;
    }
    case 'item': {
      const base = child(node.o);
      child(node.i);
      return base && node.i.k === 'lit' ? [...base, String(node.i.v)] : undefined;
    }
    case 'call': {
      node.args.forEach(child);
      if (node.f.k === 'attr' && node.f.n === 'get' && node.args[0]?.k === 'lit') {
        const base = child(node.f.o);
        if (base) out.push([...base, String(node.args[0].v)]);
        return undefined;
      }
      if (node.f.k === 'attr') record(child(node.f.o));
      return undefined;
    }
    case 'filter': record(child(node.o)); node.args.forEach((a) => record(child(a))); return undefined;
    case 'not': case 'neg': record(child(node.a)); return undefined;
    case 'bin': record(child(node.a)); record(child(node.b)); return undefined;
    case 'test': record(child(node.a)); return undefined;
    case 'cond': record(child(node.t)); record(child(node.c)); if (node.e) record(child(node.e)); return undefined;
    case 'list': node.items.forEach((n) => record(child(n))); return undefined;
    case 'dict': node.entries.forEach(([k, v]) => (record(child(k)), record(child(v)))); return undefined;
    default: return undefined;
  }
  function record(path: string[] | undefined) {
    if (path) out.push(path);
  }
}

/** Every variable access path with constant keys: `{{ stream_slice['file_id'] }}` gives [['stream_slice', 'file_id']]. */
export function referencedPaths(template: string): string[][] {
  const out: string[][] = [];
  for (const part of parsed(template)) {
    if ('node' in part) {
      const path = collectPaths(part.node, out);
      if (path) out.push(path);
    }
  }
  return out;
}
