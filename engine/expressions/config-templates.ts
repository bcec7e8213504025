import { ExpressionError } from '../errors';
import { checkTemplate, isTemplate } from './template';

/**
 * Every template in a config that cannot succeed, one line each, naming where it is:
 * `resources[0].endpoint.params.q: expression error at position 3 in "…": evaluation creates more than …`.
 * The walk keeps its own stack, so a config nested thousands of levels deep is no danger to it.
 */
export function templateProblems(config: unknown): string[] {
  const problems: string[] = [];
  const pending: Array<[value: unknown, path: string]> = [[config, '']];
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const [value, path] = entry;
    if (typeof value === 'string') {
      if (!isTemplate(value)) continue;
      try {
        checkTemplate(value);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        problems.push(`${path || 'config'}: ${error.message}`);
      }
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) pending.push([value[index], `${path}[${index}]`]);
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value).reverse())
        pending.push([(value as Record<string, unknown>)[key], path ? `${path}.${key}` : key]);
    }
  }
  return problems;
}
