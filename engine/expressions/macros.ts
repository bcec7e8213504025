import type { Callable } from './callables';
import { strftime, toDate } from './datetime';
import { fail } from './expression-error';
import { pyFloat, pyInt } from './python-numbers';
import { pyOrder } from './python-operators';
import { expectString, pyIterate, pyLen, pyStr } from './python-values';
import { typeName } from './value-kinds';

/** What macros may reach outside their arguments: only the clock. */
export interface MacroEnv {
  now: () => Date;
}

/** Airbyte's default format of `day_delta`. */
const DAY_DELTA_FORMAT = '%Y-%m-%dT%H:%M:%S.%f%z';

/** Airbyte's `format_datetime`, including its `%s` and `%ms` epoch formats. */
function formatDatetime(value: unknown, format: unknown): string {
  const date = toDate(value, 'format_datetime()');
  const pattern = expectString(format, 'format_datetime() format');
  if (pattern === '%s') return String(Math.floor(date.getTime() / 1000));
  if (pattern === '%ms') return String(date.getTime());
  return strftime(date, pattern);
}

/** Airbyte's `timestamp`: epoch seconds of a number (truncated), a datetime or an ISO string. */
function timestamp(value: unknown): number {
  if (typeof value === 'number') return pyInt(value);
  return toDate(value, 'timestamp()').getTime() / 1000;
}

function extreme(name: 'max' | 'min', args: unknown[]): unknown {
  const values = args.length === 1 ? pyIterate(args[0]) : args;
  if (values.length === 0) fail(`${name}() arg is an empty sequence`);
  return values.reduce((best, value) =>
    (name === 'max' ? pyOrder(value, best) > 0 : pyOrder(value, best) < 0) ? value : best,
  );
}

function dayDelta(days: unknown, format: unknown, now: Date): string {
  if (typeof days !== 'number' && typeof days !== 'boolean')
    fail(`day_delta() days must be a number, not ${typeName(days)}`);
  return strftime(new Date(now.getTime() + Number(days) * 86_400_000), expectString(format, 'day_delta() format'));
}

/** The functions a template may call: Airbyte's macros and a few Python built-ins. Nothing else can be called. */
export const MACROS: ReadonlyMap<string, Callable<MacroEnv>> = new Map<string, Callable<MacroEnv>>([
  ['now_utc', { params: [], run: (_, env) => env.now() }],
  ['today_utc', { params: [], run: (_, env) => strftime(env.now(), '%Y-%m-%d') }],
  [
    'format_datetime',
    { params: [{ name: 'dt' }, { name: 'format' }], run: ([dt, format]) => formatDatetime(dt, format) },
  ],
  ['timestamp', { params: [{ name: 'dt' }], run: ([dt]) => timestamp(dt) }],
  ['max', { params: [{ name: 'value' }], variadic: true, run: (args) => extreme('max', args) }],
  ['min', { params: [{ name: 'value' }], variadic: true, run: (args) => extreme('min', args) }],
  [
    'day_delta',
    {
      params: [{ name: 'num_days' }, { name: 'format', default: DAY_DELTA_FORMAT }],
      run: ([days, format], env) => dayDelta(days, format, env.now()),
    },
  ],
  ['str', { params: [{ name: 'object', default: '' }], run: ([value]) => pyStr(value) }],
  ['int', { params: [{ name: 'x', default: 0 }], run: ([value]) => pyInt(value) }],
  ['float', { params: [{ name: 'x', default: 0 }], run: ([value]) => pyFloat(value) }],
  ['len', { params: [{ name: 'obj' }], run: ([value]) => pyLen(value) }],
]);
