/** Longest template accepted, in characters. */
export const MAX_TEMPLATE_LENGTH = 10_000;

/** Longest string an evaluation may produce, in characters (and longest list a repetition may build). */
export const MAX_STRING_LENGTH = 1_000_000;

/** Deepest nesting of brackets, parentheses and unary operators the parser follows. */
export const MAX_NESTING = 64;

/** Deepest expression tree accepted; keeps evaluation well inside the call stack. */
export const MAX_TREE_DEPTH = 200;

/** Deepest nesting of lists and dicts that rendering, comparing or reading a literal will follow. */
export const MAX_VALUE_DEPTH = 200;

/** `1000000` as `1,000,000`, for messages (without Intl, which workflow code should not depend on). */
export function withCommas(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** The message for a result over MAX_STRING_LENGTH. */
export const RESULT_TOO_LONG = `result is longer than ${withCommas(MAX_STRING_LENGTH)} characters`;

/** The message for a template over MAX_TEMPLATE_LENGTH. */
export const TEMPLATE_TOO_LONG = `template is longer than ${withCommas(MAX_TEMPLATE_LENGTH)} characters`;
