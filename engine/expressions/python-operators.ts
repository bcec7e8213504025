import { allocate, allocateItems, scan, spend } from './budget';
import { fail } from './expression-error';
import { MAX_STRING_LENGTH, MAX_VALUE_DEPTH, RESULT_TOO_LONG } from './limits';
import { pyStr } from './python-values';
import { isDate, isMapping, numeric, ownKeys, readOwn, typeName } from './value-kinds';

/** Comparison operators, including membership. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

/** Arithmetic operators and Jinja's string concatenation `~`. */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '//' | '%' | '~';

/** Python's ==: 0 == False, 1 == 1.0, None == None, lists and dicts by content; Undefined equals only Undefined. */
export function pyEquals(a: unknown, b: unknown, depth = 0): boolean {
  spend();
  if (depth > MAX_VALUE_DEPTH) fail(`value is nested more than ${MAX_VALUE_DEPTH} levels deep`);
  if (typeof a === 'string' && typeof b === 'string') scan(Math.min(a.length, b.length));
  if (a === b) return true;
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x === y;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => pyEquals(item, b[index], depth + 1));
  }
  if (isMapping(a) && isMapping(b)) {
    const keys = ownKeys(a);
    if (keys.length !== ownKeys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && pyEquals(readOwn(a, key), readOwn(b, key), depth + 1));
  }
  return isDate(a) && isDate(b) && a.getTime() === b.getTime();
}

/** Python ordering: negative, zero or positive (NaN when unordered); mixed types are a TypeError. */
function order(a: unknown, b: unknown, op: string, depth = 0): number {
  spend();
  if (depth > MAX_VALUE_DEPTH) fail(`value is nested more than ${MAX_VALUE_DEPTH} levels deep`);
  const x = numeric(a) ?? (isDate(a) ? a.getTime() : undefined);
  const y = numeric(b) ?? (isDate(b) ? b.getTime() : undefined);
  if (x !== undefined && y !== undefined && isDate(a) === isDate(b)) return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  if (typeof a === 'string' && typeof b === 'string') {
    scan(Math.min(a.length, b.length));
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i], b[i])) return order(a[i], b[i], op, depth + 1);
    }
    return a.length - b.length;
  }
  return fail(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Python's `in`: substring, list item or dict key; nothing is in Undefined. */
export function pyContains(item: unknown, container: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') fail(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    scan(container.length);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((element) => pyEquals(element, item));
  if (isMapping(container))
    return (typeof item === 'string' || typeof item === 'number') && Object.hasOwn(container, String(item));
  if (container === undefined) return false;
  return fail(`argument of type '${typeName(container)}' is not iterable`);
}

/** Evaluates one comparison as Python does. */
export function pyCompare(op: CompareOp, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return pyEquals(a, b);
    case '!=':
      return !pyEquals(a, b);
    case 'in':
      return pyContains(a, b);
    case 'not in':
      return !pyContains(a, b);
    case '<':
      return order(a, b, op) < 0;
    case '<=':
      return order(a, b, op) <= 0;
    case '>':
      return order(a, b, op) > 0;
    case '>=':
      return order(a, b, op) >= 0;
  }
}

/** Python's max() / min() ordering of two values: positive when `a` sorts after `b`. */
export function pyOrder(a: unknown, b: unknown): number {
  return order(a, b, '>');
}

/** Checks a result's length against the per-string limit, then charges it to the evaluation's budget. */
function checkLength(length: number, of: 'text' | 'items' = 'text'): void {
  if (length > MAX_STRING_LENGTH) fail(RESULT_TOO_LONG);
  if (of === 'text') allocate(length);
  else allocateItems(length);
}

function repeat(sequence: string | unknown[], times: number): string | unknown[] {
  const count = sequence.length === 0 ? 0 : Math.max(0, times);
  checkLength(sequence.length * count, typeof sequence === 'string' ? 'text' : 'items');
  if (typeof sequence === 'string') return sequence.repeat(count);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) for (const item of sequence) out.push(item);
  return out;
}

function numberOp(op: ArithmeticOp, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? fail('division by zero') : x / y;
    case '//':
      return y === 0 ? fail('integer division or modulo by zero') : Math.floor(x / y);
    default: {
      if (y === 0) fail('integer modulo by zero');
      const rest = x % y;
      return rest !== 0 && rest < 0 !== y < 0 ? rest + y : rest;
    }
  }
}

/** Python arithmetic (numbers, str + str, list + list, str * int) and Jinja's `~`, which joins str() of both sides. */
export function arithmetic(op: ArithmeticOp, a: unknown, b: unknown): unknown {
  if (op === '~') {
    const [left, right] = [pyStr(a), pyStr(b)];
    checkLength(left.length + right.length);
    return left + right;
  }
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return numberOp(op, x, y);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') {
    checkLength(a.length + b.length);
    return a + b;
  }
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) {
    checkLength(a.length + b.length, 'items');
    return [...a, ...b];
  }
  if (op === '*') {
    const [sequence, times] = typeof a === 'string' || Array.isArray(a) ? [a, y] : [b, x];
    if ((typeof sequence === 'string' || Array.isArray(sequence)) && times !== undefined && Number.isInteger(times)) {
      return repeat(sequence, times);
    }
  }
  return fail(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Python's unary minus and plus. */
export function negate(sign: '-' | '+', value: unknown): number {
  const x = numeric(value);
  if (x === undefined) fail(`bad operand type for unary ${sign}: '${typeName(value)}'`);
  return sign === '-' ? -x : x;
}
