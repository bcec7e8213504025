import { PythonSyntaxError } from './syntax-error';
import { readPythonToken, skipTrivia } from './tokens';
import type { PythonToken } from './tokens';

/** A place to come back to with {@link PythonTokenReader.reset}. */
export interface ReaderMark {
  pos: number;
  lastEnd: number;
  depth: number;
}

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

/**
 * Reads tokens one at a time, skipping trivia, with one token of lookahead and the ability to backtrack. It counts
 * open brackets because, as in Python, line breaks are blank space only inside them.
 */
export class PythonTokenReader {
  private pos: number;
  private peeked: PythonToken | undefined;
  /** The offset just after the last token taken. */
  lastEnd: number;
  /** How many brackets are open. */
  depth: number;

  /** `depth` 1 reads text that stands inside a call's or a dict's brackets, as a config does. */
  constructor(
    readonly text: string,
    start: number,
    depth: number,
  ) {
    this.pos = start;
    this.lastEnd = start;
    this.depth = depth;
  }

  /** The next token, without taking it. */
  peek(): PythonToken {
    this.peeked ??= readPythonToken(this.text, skipTrivia(this.text, this.pos, this.depth > 0));
    return this.peeked;
  }

  /** Takes the next token. */
  next(): PythonToken {
    const token = this.peek();
    this.peeked = undefined;
    this.pos = this.lastEnd = token.end;
    if (token.kind === 'op' && OPENERS.has(token.text)) this.depth++;
    if (token.kind === 'op' && CLOSERS.has(token.text)) this.depth--;
    return token;
  }

  /** Whether the next token is the operator `op`. */
  isOp(op: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === op;
  }

  /** A mark to come back to with {@link reset}. */
  mark(): ReaderMark {
    return { pos: this.pos, lastEnd: this.lastEnd, depth: this.depth };
  }

  /** Goes back to a mark. */
  reset(mark: ReaderMark): void {
    this.pos = mark.pos;
    this.lastEnd = mark.lastEnd;
    this.depth = mark.depth;
    this.peeked = undefined;
  }

  /** Throws a PythonSyntaxError pointing at a token. */
  fail(token: PythonToken, message: string): never {
    throw new PythonSyntaxError(token.start, message);
  }
}
