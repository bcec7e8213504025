import { isSecretRef } from './secret-ref';

/**
 * The names of every secret a value refers to (a source's client, auth, params…), sorted and without repeats. Pure, so
 * that workflows can ask the fleet for them without the values ever entering history.
 */
export function secretNames(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (isSecretRef(node)) names.add(node.$secret);
    else if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(value);
  return [...names].sort();
}
