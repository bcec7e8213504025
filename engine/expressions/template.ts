import { withBudget } from './budget';
import { renderNode, type Scope } from './evaluate';
import { expressionError } from './expression-error';
import { literalEval } from './literal-eval';
import { MAX_STRING_LENGTH, RESULT_TOO_LONG } from './limits';
import { parsedTemplate } from './parse-cache';
import { truthy } from './python-values';
import { checkStaticBudget } from './static-budget';
import { pathsIn } from './referenced-paths';

/** The variables a template sees: response, headers, last_record, last_page_size, record, stream_partition, … */
export interface ExpressionContext {
  [name: string]: unknown;
}

/** Options of an evaluation. */
export interface EvaluateOptions {
  /** The clock behind now_utc(), today_utc() and day_delta(); read at most once per evaluation. */
  now?: () => Date;
}

/** Strings that Airbyte's InterpolatedBoolean reads as false. */
const FALSE_STRINGS: ReadonlySet<string> = new Set(['False', 'false', '', 'None']);

function scopeFor(template: string, context: ExpressionContext, options: EvaluateOptions): Scope {
  const clock = options.now ?? (() => new Date());
  let instant: Date | undefined;
  return { template, context, now: () => (instant ??= clock()) };
}

/** Renders a template within one budget of steps and allocation ({@link withBudget}) for all its blocks. */
function render(template: string, context: ExpressionContext, options: EvaluateOptions, noneAsEmpty: boolean): string {
  const parts = parsedTemplate(template);
  const scope = scopeFor(template, context, options);
  return withBudget(() => {
    let out = '';
    for (const part of parts) {
      out += typeof part === 'string' ? part : renderNode(part, scope, noneAsEmpty);
      if (out.length > MAX_STRING_LENGTH) {
        throw expressionError(template, typeof part === 'string' ? 0 : part.pos, RESULT_TOO_LONG);
      }
    }
    return out;
  });
}

/** Whether a string contains a Jinja block, `{{ … }}` (or a `{% … %}` statement, so that it is reported, not sent). */
export function isTemplate(text: string): boolean {
  const encloses = (open: string, close: string) => {
    const at = text.indexOf(open);
    return at >= 0 && text.indexOf(close, at + 2) >= 0;
  };
  return encloses('{{', '}}') || encloses('{%', '%}');
}

/**
 * Parses and checks a template without reading any data; throws ExpressionError on syntax errors, forbidden
 * constructs, and parts that exceed the evaluation budget whatever the data.
 */
export function checkTemplate(template: string): void {
  checkStaticBudget(template, parsedTemplate(template));
}

/** Renders a template to a plain string with no literal conversion (URL paths, params, headers); None renders as ''. */
export function renderString(template: string, context: ExpressionContext, options: EvaluateOptions = {}): string {
  return render(template, context, options, true);
}

/**
 * Renders a template as Airbyte does: to a string, then read like Python's `ast.literal_eval` ("5" is 5, "False" is
 * false, "None" is null, "[1, 2]" is a list). Text that is not a literal stays a string, and so does an integer too
 * large for a JavaScript number; an empty rendering is null.
 */
export function renderValue(template: string, context: ExpressionContext, options: EvaluateOptions = {}): unknown {
  const text = render(template, context, options, false);
  if (text === '') return null;
  const literal = literalEval(text);
  return literal ? literal.value : text;
}

/**
 * Evaluates a condition (stop_condition, record_filter) with Airbyte's InterpolatedBoolean rules: the rendered value,
 * read as a literal, is false when it is falsy in Python or one of the strings "False", "false", "None" or "".
 */
export function evaluateCondition(
  template: string,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): boolean {
  const value = renderValue(template, context, options);
  return typeof value === 'string' ? !FALSE_STRINGS.has(value) : truthy(value);
}

/**
 * Every variable access path with constant keys in a template: `{{ stream_partition.collection }}` gives
 * [['stream_partition', 'collection']], and `.get('key')` counts as reading the key.
 */
export function referencedPaths(template: string): string[][] {
  return pathsIn(parsedTemplate(template));
}
