import { children, type Node, type TemplatePart } from './ast';
import { ExpressionError } from '../errors';
import { BudgetExceeded, TOO_MANY_CHARACTERS, TOO_MANY_ITEMS, TOO_MANY_STEPS, withBudget } from './budget';
import { evaluate } from './evaluate';

const exceeds = (error: unknown) =>
  error instanceof ExpressionError &&
  [TOO_MANY_STEPS, TOO_MANY_CHARACTERS, TOO_MANY_ITEMS].some((message) => error.message.endsWith(message));

/** Evaluates a subtree that reads no variable; rethrows only a budget failure, which every run would meet too. */
function tryConstant(template: string, node: Node): void {
  if (node.kind === 'literal') return;
  try {
    withBudget(() => evaluate(node, { template, context: {}, now: () => new Date(0) }));
  } catch (error) {
    if (exceeds(error) || error instanceof BudgetExceeded) throw error;
  }
}

/** Whether a subtree reads no variable; the largest such subtrees are evaluated on the way. */
function checkConstant(template: string, node: Node): boolean {
  const kids = children(node);
  const constant = kids.map((kid) => checkConstant(template, kid));
  if (node.kind !== 'name' && constant.every(Boolean)) return true;
  kids.forEach((kid, index) => constant[index] && tryConstant(template, kid));
  return false;
}

/**
 * Throws the ExpressionError of a template whose budget is exceeded whatever the data: the parts that read no
 * variable (`[[0] * 1000000] * 1000000`) are evaluated now, under the same budget as at run time.
 */
export function checkStaticBudget(template: string, parts: readonly TemplatePart[]): void {
  for (const part of parts) {
    if (typeof part !== 'string' && checkConstant(template, part)) tryConstant(template, part);
  }
}
