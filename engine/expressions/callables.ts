import type { Node } from './ast';

/** A parameter of a function, method or filter; one without `default` is required. */
export interface Parameter {
  name: string;
  default?: unknown;
}

/** Something a template may call: its Python-style parameters and what it does with the evaluated arguments. */
export interface Callable<Env = void> {
  params: readonly Parameter[];
  /** Takes any number of positional arguments (`max`, `min`); `params` then lists the required ones. */
  variadic?: boolean;
  run(args: unknown[], env: Env): unknown;
}

/** An argument as written in the template: positional, or `name=value`. */
export interface WrittenArgument {
  name?: string;
  value: Node;
  pos: number;
}

/** Reports a problem found while binding arguments. */
export type BindFailure = (pos: number, message: string) => never;

/**
 * Matches written arguments to parameters as Python does and returns one slot per parameter (null: use the default).
 * `label` names the callee in messages, e.g. "format_datetime()" or "filter 'join'".
 */
export function bindArguments(
  label: string,
  callable: Callable<never>,
  written: WrittenArgument[],
  pos: number,
  fail: BindFailure,
): Array<Node | null> {
  const { params } = callable;
  if (callable.variadic) {
    const named = written.find((argument) => argument.name !== undefined);
    if (named) fail(named.pos, `${label} takes no keyword arguments`);
    if (written.length < params.length)
      fail(pos, `${label} expects at least ${params.length} argument(s), got ${written.length}`);
    return written.map((argument) => argument.value);
  }
  const slots: Array<Node | null> = params.map(() => null);
  written.forEach((argument, index) => {
    if (argument.name === undefined) {
      if (index >= params.length) {
        const most = params.length === 0 ? 'no arguments' : `at most ${params.length} argument(s)`;
        fail(argument.pos, `${label} takes ${most} (${written.length} given)`);
      }
      slots[index] = argument.value;
      return;
    }
    const at = params.findIndex((param) => param.name === argument.name);
    if (at < 0) fail(argument.pos, `${label} got an unexpected keyword argument '${argument.name}'`);
    if (slots[at] !== null) fail(argument.pos, `${label} got multiple values for argument '${argument.name}'`);
    slots[at] = argument.value;
  });
  params.forEach((param, index) => {
    if (slots[index] === null && !('default' in param)) fail(pos, `${label} is missing the argument '${param.name}'`);
  });
  return slots;
}
