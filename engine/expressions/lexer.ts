import { ExpressionError } from '../errors';

/** A token of the expression language, with its offset in the template. */
export interface Token {
  type: 'num' | 'str' | 'name' | 'op' | 'end';
  value: string;
  pos: number;
}

const OPERATORS = ['//', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '~', '(', ')', '[', ']', '{', '}', ',', ':', '.', '|'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/** Reports an error at a position of a template. */
export function expressionError(template: string, pos: number, message: string): ExpressionError {
  const shown = template.length > 120 ? `${template.slice(0, 120)}…` : template;
  return new ExpressionError(`expression error at position ${pos} in ${JSON.stringify(shown)}: ${message}`);
}

/** Splits the source of one `{{ … }}` block (starting at `offset` in the template) into tokens. */
export function tokenize(template: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let pos = start;
  while (pos < end) {
    const char = template[pos]!;
    if (/\s/.test(char)) {
      pos++;
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][-+]?\d+)?/.exec(template.slice(pos, end));
    if (number) {
      tokens.push({ type: 'num', value: number[0], pos });
      pos += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(template.slice(pos, end));
    if (name) {
      tokens.push({ type: 'name', value: name[0], pos });
      pos += name[0].length;
      continue;
    }
    if (char === "'" || char === '"') {
      let value = '';
      let i = pos + 1;
      for (; i < end && template[i] !== char; i++) {
        if (template[i] === '\\') value += ESCAPES[template[++i]!] ?? template[i];
        else value += template[i];
      }
      if (i >= end) throw expressionError(template, pos, 'unterminated string');
      tokens.push({ type: 'str', value, pos });
      pos = i + 1;
      continue;
    }
    const op = OPERATORS.find((o) => template.startsWith(o, pos));
    if (!op) throw expressionError(template, pos, `unexpected character '${char}'`);
    tokens.push({ type: 'op', value: op, pos });
    pos += op.length;
  }
  tokens.push({ type: 'end', value: '', pos: end });
  return tokens;
}
