import type { TemplatePart } from './ast';
import { expressionError } from './expression-error';
import { lexBlock } from './lexer';
import { MAX_TEMPLATE_LENGTH, TEMPLATE_TOO_LONG } from './limits';
import { parseExpression } from './parser';

/**
 * Parses a template into literal text and expression trees, as Jinja reads it: `{{ … }}` blocks are expressions,
 * `{# … #}` comments are dropped, `-` inside a delimiter strips the whitespace on that side, and one trailing newline is
 * dropped. `{% … %}` statements are refused.
 */
export function parseTemplate(template: string): TemplatePart[] {
  if (template.length > MAX_TEMPLATE_LENGTH) throw expressionError(template, MAX_TEMPLATE_LENGTH, TEMPLATE_TOO_LONG);
  const parts: TemplatePart[] = [];
  const opener = /\{[{%#]/g;
  let pos = 0;
  let trimNext = false;
  for (;;) {
    opener.lastIndex = pos;
    const match = opener.exec(template);
    const at = match ? match.index : template.length;
    const trimBefore = template[at + 2] === '-';
    let text = template.slice(pos, at);
    if (trimNext) text = text.trimStart();
    if (match && trimBefore) text = text.trimEnd();
    if (!match) text = text.replace(/\r?\n$/, '');
    if (text !== '') parts.push(text);
    if (!match) return parts;
    const kind = template[at + 1];
    if (kind === '%')
      throw expressionError(template, at, 'statements ({% %}) are not supported; only {{ expressions }} are');
    if (kind === '#') {
      const close = template.indexOf('#}', at + 2);
      if (close < 0) throw expressionError(template, at, "comment '{#' is not closed by '#}'");
      trimNext = close > at + 2 && template[close - 1] === '-';
      pos = close + 2;
      continue;
    }
    const block = lexBlock(template, at + (trimBefore ? 3 : 2), at);
    parts.push(parseExpression(template, block.tokens));
    trimNext = block.trimAfter;
    pos = block.end;
  }
}
