import { isMapping } from './value-kinds';

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** Jinja's tests (`x is defined`, `x is not none`), with Jinja's meaning: Undefined is not none. */
export const TESTS: ReadonlyMap<string, (value: unknown) => boolean> = new Map([
  ['defined', (value: unknown) => value !== undefined],
  ['undefined', (value: unknown) => value === undefined],
  ['none', (value: unknown) => value === null],
  ['string', (value: unknown) => typeof value === 'string'],
  ['number', (value: unknown) => typeof value === 'number' || typeof value === 'boolean'],
  ['integer', isInteger],
  ['float', (value: unknown) => typeof value === 'number' && !Number.isInteger(value)],
  ['boolean', (value: unknown) => typeof value === 'boolean'],
  ['true', (value: unknown) => value === true],
  ['false', (value: unknown) => value === false],
  ['mapping', isMapping],
  ['sequence', (value: unknown) => typeof value === 'string' || Array.isArray(value) || isMapping(value)],
  ['iterable', (value: unknown) => typeof value === 'string' || Array.isArray(value) || isMapping(value)],
  ['odd', (value: unknown) => isInteger(value) && Math.abs(value % 2) === 1],
  ['even', (value: unknown) => isInteger(value) && value % 2 === 0],
]);
