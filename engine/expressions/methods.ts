import { allocate, allocateItems } from './budget';
import type { Callable } from './callables';
import { formatPythonDatetime, strftime } from './datetime';
import { fail } from './expression-error';
import { expectString } from './python-values';
import { pyAffix, pyReplace, pySplit, pyStrip } from './python-strings';
import { deniedMessage, isDeniedKey } from './sandbox';
import { isDate, isMapping, ownKeys, readOwn } from './value-kinds';

/** The kind of value a method belongs to. */
export type Receiver = 'mapping' | 'string' | 'datetime';

/** A method on the allowlist: the receiver is the first of `run`'s arguments. */
export interface Method extends Callable {
  receiver: Receiver;
}

/** Python's dict.get: the value of an own key, else the default. */
function get(mapping: Record<string, unknown>, key: unknown, otherwise: unknown): unknown {
  if (typeof key !== 'string' && typeof key !== 'number') return otherwise;
  const name = String(key);
  if (isDeniedKey(name)) fail(deniedMessage(name));
  return Object.hasOwn(mapping, name) ? readOwn(mapping, name) : otherwise;
}

/** A value about to be copied, its size (times `factor`) charged to the evaluation's budget. */
function counted<T extends string | unknown[]>(value: T, factor = 1): T {
  if (typeof value === 'string') allocate(value.length * factor);
  else allocateItems(value.length * factor);
  return value;
}

const mapping = (
  run: (target: Record<string, unknown>, args: unknown[]) => unknown,
  params: Callable['params'] = [],
): Method => ({
  receiver: 'mapping',
  params,
  run: ([target, ...args]) => run(target as Record<string, unknown>, args),
});
const string = (run: (target: string, args: unknown[]) => unknown, params: Callable['params'] = []): Method => ({
  receiver: 'string',
  params,
  run: ([target, ...args]) => run(target as string, args),
});
const datetime = (run: (target: Date, args: unknown[]) => unknown, params: Callable['params'] = []): Method => ({
  receiver: 'datetime',
  params,
  run: ([target, ...args]) => run(target as Date, args),
});

/** The only methods a template may call, by name. Anything else is refused when the template is parsed. */
export const METHODS: ReadonlyMap<string, Method> = new Map([
  [
    'get',
    mapping(
      (target, [key, otherwise]) => get(target, key, otherwise),
      [{ name: 'key' }, { name: 'default', default: null }],
    ),
  ],
  ['keys', mapping((target) => counted(ownKeys(target)))],
  ['values', mapping((target) => counted(ownKeys(target)).map((key) => readOwn(target, key)))],
  ['items', mapping((target) => counted(ownKeys(target), 3).map((key) => [key, readOwn(target, key)]))],
  ['lower', string((target) => counted(target).toLowerCase())],
  ['upper', string((target) => counted(target).toUpperCase())],
  ['strip', string((target, [chars]) => pyStrip(target, chars), [{ name: 'chars', default: null }])],
  ['startswith', string((target, [prefix]) => pyAffix(target, prefix, 'start'), [{ name: 'prefix' }])],
  ['endswith', string((target, [suffix]) => pyAffix(target, suffix, 'end'), [{ name: 'suffix' }])],
  [
    'split',
    string(
      (target, [sep, max]) => pySplit(target, sep, max),
      [
        { name: 'sep', default: null },
        { name: 'maxsplit', default: -1 },
      ],
    ),
  ],
  [
    'replace',
    string(
      (target, [old, replacement, count]) => pyReplace(target, old, replacement, count),
      [{ name: 'old' }, { name: 'new' }, { name: 'count', default: -1 }],
    ),
  ],
  [
    'strftime',
    datetime((target, [format]) => strftime(target, expectString(format, 'strftime() format')), [{ name: 'format' }]),
  ],
  ['isoformat', datetime((target) => formatPythonDatetime(target, 'T'))],
]);

/** Whether a value can receive methods of the given kind. */
export function receives(receiver: Receiver, value: unknown): boolean {
  if (receiver === 'mapping') return isMapping(value);
  if (receiver === 'string') return typeof value === 'string';
  return isDate(value);
}
