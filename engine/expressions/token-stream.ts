import type { ExpressionError } from '../errors';
import { expressionError } from './expression-error';
import type { Token } from './lexer';
import { MAX_NESTING } from './limits';

/** How a token reads in an error message. */
export function describe(token: Token): string {
  if (token.type === 'end') return 'the end of the expression';
  return token.type === 'string' ? `the string ${JSON.stringify(token.value)}` : `'${token.value}'`;
}

/** A cursor over the tokens of one block, for the recursive-descent parser. */
export class TokenStream {
  private index = 0;
  private depth = 0;

  constructor(
    readonly template: string,
    private readonly tokens: readonly Token[],
  ) {}

  /** The token at the cursor; the last token is always `end`. */
  get current(): Token {
    return this.tokens[this.index]!;
  }

  /** The token after the current one. */
  get following(): Token {
    return this.tokens[Math.min(this.index + 1, this.tokens.length - 1)]!;
  }

  /** Whether every token has been read. */
  atEnd(): boolean {
    return this.current.type === 'end';
  }

  /** Returns the current token and moves past it. */
  next(): Token {
    const token = this.current;
    if (token.type !== 'end') this.index++;
    return token;
  }

  /** Whether the token (the current one by default) is the given operator. */
  isOperator(value: string, token: Token = this.current): boolean {
    return token.type === 'operator' && token.value === value;
  }

  /** Whether the token (the current one by default) is the given name or keyword. */
  isWord(value: string, token: Token = this.current): boolean {
    return token.type === 'name' && token.value === value;
  }

  /** Moves past the operator if it is current. */
  skipOperator(value: string): boolean {
    return this.isOperator(value) && Boolean(this.next());
  }

  /** Moves past the word if it is current. */
  skipWord(value: string): boolean {
    return this.isWord(value) && Boolean(this.next());
  }

  /** Moves past the operator, which must be current. */
  expectOperator(value: string): Token {
    if (!this.isOperator(value))
      throw this.error(this.current.pos, `expected '${value}', found ${describe(this.current)}`);
    return this.next();
  }

  /** The error for a problem at `pos` in this template. */
  error(pos: number, message: string): ExpressionError {
    return expressionError(this.template, pos, message);
  }

  /** Throws the error for a problem at `pos`. */
  readonly fail = (pos: number, message: string): never => {
    throw this.error(pos, message);
  };

  /** Runs a nested parse, refusing nesting deep enough to threaten the stack. */
  nested<T>(pos: number, parse: () => T): T {
    if (this.depth >= MAX_NESTING) throw this.error(pos, `expression is nested more than ${MAX_NESTING} levels deep`);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}
