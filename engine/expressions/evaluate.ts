import type { Node, NodeOf } from './ast';
import type { Callable } from './callables';
import { allocateItems, BudgetExceeded, spend } from './budget';
import { EvaluationFailure, expressionError, fail } from './expression-error';
import { FILTERS } from './filters';
import { MAX_STRING_LENGTH, RESULT_TOO_LONG } from './limits';
import { MACROS } from './macros';
import { getMember, getSlice } from './member-access';
import { METHODS, receives } from './methods';
import { arithmetic, negate, pyCompare } from './python-operators';
import { pyStr, truthy } from './python-values';
import { deniedMessage, isDeniedKey } from './sandbox';
import { TESTS } from './tests';
import { readOwn, typeName } from './value-kinds';

/** What one evaluation sees: the template (for messages), the variables and the clock. */
export interface Scope {
  template: string;
  context: object;
  now: () => Date;
}

function argumentsOf(slots: Array<Node | null>, callable: Callable<never>, scope: Scope): unknown[] {
  if (callable.variadic) return slots.map((slot) => evaluate(slot!, scope));
  return slots.map((slot, index) => (slot ? evaluate(slot, scope) : callable.params[index]!.default));
}

function callMethod(node: NodeOf<'method'>, scope: Scope): unknown {
  const target = evaluate(node.object, scope);
  // Like Airbyte, whose failed lookups end the expression quietly: a method of Undefined or None is Undefined.
  if (target === undefined || target === null) return undefined;
  const method = METHODS.get(node.name)!;
  if (!receives(method.receiver, target)) fail(`'${typeName(target)}' object has no method '${node.name}'`);
  return method.run([target, ...argumentsOf(node.args, method, scope)]);
}

function compare(node: NodeOf<'compare'>, scope: Scope): boolean {
  let left = evaluate(node.left, scope);
  for (const { op, right } of node.comparisons) {
    const value = evaluate(right, scope);
    if (!pyCompare(op, left, value)) return false;
    left = value;
  }
  return true;
}

function buildDict(node: NodeOf<'dict'>, scope: Scope): Record<string, unknown> {
  allocateItems(node.entries.length);
  const dict: Record<string, unknown> = {};
  for (const [keyNode, valueNode] of node.entries) {
    const key = evaluate(keyNode, scope);
    if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean' && key !== null) {
      fail(`unhashable dict key of type '${typeName(key)}'`);
    }
    const name = typeof key === 'string' ? key : pyStr(key);
    if (isDeniedKey(name)) fail(deniedMessage(name));
    dict[name] = evaluate(valueNode, scope);
  }
  return dict;
}

function evaluateNode(node: Node, scope: Scope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'name':
      return readOwn(scope.context, node.name);
    case 'member':
      return getMember(evaluate(node.object, scope), evaluate(node.key, scope));
    case 'slice': {
      const [target, start, stop, step] = [node.object, node.start, node.stop, node.step].map(
        (part) => part && evaluate(part, scope),
      );
      return getSlice(target, start, stop, step);
    }
    case 'function': {
      const macro = MACROS.get(node.name)!;
      return macro.run(argumentsOf(node.args, macro, scope), { now: scope.now });
    }
    case 'method':
      return callMethod(node, scope);
    case 'filter': {
      const filter = FILTERS.get(node.name)!;
      return filter.run([evaluate(node.value, scope), ...argumentsOf(node.args, filter, scope)]);
    }
    case 'test':
      return TESTS.get(node.name)!(evaluate(node.value, scope));
    case 'not':
      return !truthy(evaluate(node.operand, scope));
    case 'negate':
      return negate(node.sign, evaluate(node.operand, scope));
    case 'logical': {
      const left = evaluate(node.left, scope);
      return truthy(left) === (node.op === 'and') ? evaluate(node.right, scope) : left;
    }
    case 'arithmetic':
      return arithmetic(node.op, evaluate(node.left, scope), evaluate(node.right, scope));
    case 'compare':
      return compare(node, scope);
    case 'conditional':
      if (truthy(evaluate(node.test, scope))) return evaluate(node.then, scope);
      return node.otherwise ? evaluate(node.otherwise, scope) : undefined;
    case 'list':
      allocateItems(node.items.length);
      return node.items.map((item) => evaluate(item, scope));
    case 'dict':
      return buildDict(node, scope);
  }
}

/** Runs `work` for `node`, turning a failed value operation into an ExpressionError that points at the node. */
function at<T>(node: Node, scope: Scope, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof EvaluationFailure || error instanceof BudgetExceeded)
      throw expressionError(scope.template, node.pos, error.message);
    throw error;
  }
}

function checkLength(node: Node, scope: Scope, text: unknown): void {
  if (typeof text === 'string' && text.length > MAX_STRING_LENGTH) {
    throw expressionError(scope.template, node.pos, RESULT_TOO_LONG);
  }
}

/** Evaluates an expression tree to a value (Jinja semantics over JSON-like data). */
export function evaluate(node: Node, scope: Scope): unknown {
  spend();
  const value = at(node, scope, () => evaluateNode(node, scope));
  checkLength(node, scope, value);
  return value;
}

/** Evaluates an expression and renders it as Jinja prints it; with `noneAsEmpty`, None prints as ''. */
export function renderNode(node: Node, scope: Scope, noneAsEmpty: boolean): string {
  const value = evaluate(node, scope);
  if (value === null && noneAsEmpty) return '';
  const text = at(node, scope, () => pyStr(value));
  checkLength(node, scope, text);
  return text;
}
