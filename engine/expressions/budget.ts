import { withCommas } from './limits';

/**
 * Most steps one evaluation may take: a node evaluated, a value compared, rendered or copied, 64 characters scanned.
 * Sized so that one evaluation holds the event loop for well under 100 ms.
 */
export const MAX_STEPS = 300_000;

/** Most characters of strings one evaluation may create, all its strings counted together. */
export const MAX_CHARACTERS = 2_000_000;

/** Most list items and dict entries one evaluation may create, all its lists and dicts counted together. */
export const MAX_ITEMS = 250_000;

/** Characters of a string scanned per step: searching or copying text is far cheaper than visiting a value. */
const CHARACTERS_PER_STEP = 64;

/**
 * An evaluation ran out of budget. Unlike a failed value operation it is never caught on the way out (by a filter's
 * fallback, say): the evaluation ends, and the template fails with an ExpressionError.
 */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
}

interface Budget {
  steps: number;
  characters: number;
  items: number;
}

/** The budget of the running evaluation; evaluation is synchronous, so there is never more than one at a time. */
let current: Budget | undefined;

/** Runs one evaluation with a fresh budget. */
export function withBudget<T>(run: () => T): T {
  const outer = current;
  current = { steps: 0, characters: 0, items: 0 };
  try {
    return run();
  } finally {
    current = outer;
  }
}

/** The message for an evaluation that took too many steps. */
export const TOO_MANY_STEPS = `evaluation takes more than ${withCommas(MAX_STEPS)} steps`;

/** The message for an evaluation that created too much text. */
export const TOO_MANY_CHARACTERS = `evaluation creates more than ${withCommas(MAX_CHARACTERS)} characters`;

/** The message for an evaluation that created too many list items and dict entries. */
export const TOO_MANY_ITEMS = `evaluation creates more than ${withCommas(MAX_ITEMS)} list items and dict entries`;

/** Charges `count` steps to the running evaluation. */
export function spend(count = 1): void {
  if (!current) return;
  current.steps += count;
  if (current.steps > MAX_STEPS) throw new BudgetExceeded(TOO_MANY_STEPS);
}

/** Charges the scan of `characters` characters of text. */
export function scan(characters: number): void {
  spend(Math.ceil(characters / CHARACTERS_PER_STEP));
}

/**
 * Charges `characters` of text about to be created; call it before creating them, so that an oversized result is
 * refused instead of built.
 */
export function allocate(characters: number): void {
  if (!current) return;
  current.characters += characters;
  if (!(current.characters <= MAX_CHARACTERS)) throw new BudgetExceeded(TOO_MANY_CHARACTERS);
  scan(characters);
}

/** Charges `items` list items or dict entries about to be created, before they are. */
export function allocateItems(items: number): void {
  if (!current) return;
  current.items += items;
  if (!(current.items <= MAX_ITEMS)) throw new BudgetExceeded(TOO_MANY_ITEMS);
  spend(Math.ceil(items / 8));
}
