import type { Node } from './ast';
import { FILTERS, macros } from './functions';
import { expressionError } from './lexer';
import { UNDEFINED, pyStr, truthy } from './python-values';

/** Names that lead out of the data and into the JavaScript runtime. */
function forbidden(name: string): boolean {
  return name.startsWith('__') || name === 'constructor' || name === 'prototype';
}

type Method = (target: any, ...args: unknown[]) => unknown;
const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
const MAPPING_METHODS: Record<string, Method> = {
  get: (target, key, fallback = null) => (Object.hasOwn(target, String(key)) ? target[String(key)] : fallback),
  keys: (target) => Object.keys(target),
  values: (target) => Object.values(target),
  items: (target) => Object.entries(target),
};
const STRING_METHODS: Record<string, Method> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  strip: (s) => s.trim(),
  startswith: (s, x) => s.startsWith(pyStr(x)),
  endswith: (s, x) => s.endsWith(pyStr(x)),
  split: (s, sep) => (sep === undefined ? s.trim().split(/\s+/) : s.split(pyStr(sep))),
  replace: (s, a, b) => s.split(pyStr(a)).join(pyStr(b)),
};

/** An evaluation of one template against one context; values never leave the data they came from. */
export class Evaluator {
  private readonly functions: Record<string, (...args: unknown[]) => unknown>;
  constructor(
    private readonly template: string,
    private readonly context: Record<string, unknown>,
    now: () => Date,
  ) {
    this.functions = macros(now);
  }

  private fail(node: Node, message: string): never {
    throw expressionError(this.template, node.pos, message);
  }

  private member(node: Node, target: unknown, key: unknown): unknown {
    if (typeof key === 'string' && forbidden(key)) this.fail(node, `access to '${key}' is not allowed`);
    if (Array.isArray(target) && typeof key === 'number') return target.at(key) ?? UNDEFINED;
    if (Array.isArray(target) && typeof key === 'string' && /^\d+$/.test(key)) return target[Number(key)] ?? UNDEFINED;
    if (isMapping(target) && (typeof key === 'string' || typeof key === 'number') && Object.hasOwn(target, String(key))) return target[String(key)];
    if (typeof target === 'string' && typeof key === 'number') return target.at(key) ?? UNDEFINED;
    return UNDEFINED;
  }

  private call(node: Extract<Node, { k: 'call' }>): unknown {
    const args = node.args.map((arg) => this.eval(arg));
    if (node.f.k === 'name') {
      const fn = Object.hasOwn(this.functions, node.f.n) ? this.functions[node.f.n] : undefined;
      if (!fn) this.fail(node.f, `calling '${node.f.n}' is not allowed`);
      try {
        return fn(...args);
      } catch (error) {
        this.fail(node, (error as Error).message);
      }
    }
    if (node.f.k === 'attr') {
      if (forbidden(node.f.n)) this.fail(node.f, `access to '${node.f.n}' is not allowed`);
      const target = this.eval(node.f.o);
      const table = isMapping(target) ? MAPPING_METHODS : typeof target === 'string' ? STRING_METHODS : undefined;
      const method = table && Object.hasOwn(table, node.f.n) ? table[node.f.n] : undefined;
      if (!method) this.fail(node.f, `calling '${node.f.n}' is not allowed`);
      return method(target, ...args);
    }
    return this.fail(node, 'only allowed functions and methods may be called');
  }

  private binary(node: Extract<Node, { k: 'bin' }>): unknown {
    if (node.op === 'and') {
      const a = this.eval(node.a);
      return truthy(a) ? this.eval(node.b) : a;
    }
    if (node.op === 'or') {
      const a = this.eval(node.a);
      return truthy(a) ? a : this.eval(node.b);
    }
    const a = this.value(this.eval(node.a));
    const b = this.value(this.eval(node.b));
    switch (node.op) {
      case '==': return pyEquals(a, b);
      case '!=': return !pyEquals(a, b);
      case '<': return (a as number) < (b as number);
      case '<=': return (a as number) <= (b as number);
      case '>': return (a as number) > (b as number);
      case '>=': return (a as number) >= (b as number);
      case '~': return this.limit(pyStr(a) + pyStr(b), node);
      case '+': return typeof a === 'number' && typeof b === 'number' ? a + b : Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : this.limit(pyStr(a) + pyStr(b), node);
      case '-': return (a as number) - (b as number);
      case '*': return typeof a === 'string' ? this.limit(a.repeat(Math.min(Number(b), 1_000_000)), node) : (a as number) * (b as number);
      case '/': return (a as number) / (b as number);
      case '//': return Math.floor((a as number) / (b as number));
      case '%': return (a as number) % (b as number);
      case 'in': return typeof b === 'string' ? b.includes(pyStr(a)) : Array.isArray(b) ? b.some((x) => pyEquals(x, a)) : isMapping(b) ? Object.hasOwn(b, pyStr(a)) : false;
    }
    return this.fail(node, `unknown operator '${node.op}'`);
  }

  private limit(text: string, node: Node): string {
    if (text.length > 1_000_000) this.fail(node, 'result longer than 1,000,000 characters');
    return text;
  }

  /** Undefined compares like None. */
  private value(v: unknown): unknown {
    return v === UNDEFINED ? null : v;
  }

  /** Evaluates a node. */
  eval(node: Node): unknown {
    switch (node.k) {
      case 'lit': return node.v;
      case 'name':
        if (forbidden(node.n)) this.fail(node, `access to '${node.n}' is not allowed`);
        return Object.hasOwn(this.context, node.n) ? this.context[node.n] : UNDEFINED;
      case 'attr':
        if (forbidden(node.n)) this.fail(node, `access to '${node.n}' is not allowed`);
        if (node.o.k === 'name' && Object.hasOwn(this.functions, node.o.n) && !Object.hasOwn(this.context, node.o.n)) this.fail(node, 'functions have no attributes');
        return this.member(node, this.eval(node.o), node.n);
      case 'item': return this.member(node, this.eval(node.o), this.eval(node.i));
      case 'call': return this.call(node);
      case 'filter': {
        const filter = Object.hasOwn(FILTERS, node.n) ? FILTERS[node.n] : undefined;
        if (!filter) this.fail(node, `unknown filter '${node.n}' (known: ${Object.keys(FILTERS).join(', ')})`);
        return filter(this.eval(node.o), ...node.args.map((a) => this.eval(a)));
      }
      case 'not': return !truthy(this.eval(node.a));
      case 'neg': return -(this.eval(node.a) as number);
      case 'bin': return this.binary(node);
      case 'test': {
        const value = this.eval(node.a);
        let result: boolean;
        if (node.test === 'none') result = value === null || value === undefined;
        else if (node.test === 'defined') result = value !== UNDEFINED;
        else if (node.test === 'undefined') result = value === UNDEFINED;
        else if (node.test === 'string') result = typeof value === 'string';
        else if (node.test === 'number') result = typeof value === 'number';
        else return this.fail(node, `unknown test '${node.test}'`);
        return node.neg ? !result : result;
      }
      case 'cond': return truthy(this.eval(node.c)) ? this.eval(node.t) : node.e ? this.eval(node.e) : UNDEFINED;
      case 'list': return node.items.map((item) => this.value(this.eval(item)));
      case 'dict': {
        const out: Record<string, unknown> = Object.create(null);
        for (const [key, value] of node.entries) {
          const name = pyStr(this.eval(key));
          if (forbidden(name)) this.fail(key, `access to '${name}' is not allowed`);
          out[name] = this.value(this.eval(value));
        }
        return { ...out };
      }
    }
  }
}

/** Python's == for JSON-like values. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) === Number(b) && typeof a !== 'string' && typeof b !== 'string' && a !== null && b !== null;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  if (isMapping(a) && isMapping(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return false;
}
