/** Where a JSON text first goes wrong, and why. */
export interface JsonErrorLocation {
  offset: number;
  reason: string;
}

class Located extends Error {
  constructor(readonly location: JsonErrorLocation) {
    super(location.reason);
  }
}

/**
 * Finds the first syntax error of a JSON text that `JSON.parse` refused. V8 reports a position for some errors and not
 * for others, and words them differently between versions; this gives every error an offset and a stable reason.
 * Returns undefined when the text is valid JSON.
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let pos = 0;
  const found = () => (pos >= text.length ? 'the end of the input' : `'${text[pos]}'`);
  const fail = (reason: string, at = pos): never => {
    throw new Located({ offset: at, reason });
  };
  const space = () => {
    while (/[ \t\n\r]/.test(text[pos] ?? '')) pos++;
  };
  const string = () => {
    const start = pos++;
    for (;;) {
      const char = text[pos];
      if (char === undefined) fail('unterminated string', start);
      if (char === '"') return void pos++;
      if (char! < ' ') fail('control character in a string; write it as an escape such as \\n');
      if (char === '\\') {
        const escape = /^\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/.exec(text.slice(pos, pos + 6));
        if (!escape) fail('invalid escape in a string');
        pos += escape![0].length;
      } else pos++;
    }
  };
  const sequence = (close: string, item: () => void, what: string) => {
    pos++;
    space();
    if (text[pos] === close) return void pos++;
    for (;;) {
      item();
      space();
      if (text[pos] === close) return void pos++;
      if (text[pos] !== ',') fail(`expected ',' or '${close}' after ${what}, found ${found()}`);
      const comma = pos++;
      space();
      if (text[pos] === close) fail(`trailing comma before '${close}'`, comma);
    }
  };
  const member = () => {
    if (text[pos] !== '"') fail(`expected a double-quoted property name, found ${found()}`);
    string();
    space();
    if (text[pos] !== ':') fail(`expected ':' after a property name, found ${found()}`);
    pos++;
    value();
  };
  const value = (): void => {
    space();
    const char = text[pos];
    if (char === '{') return sequence('}', member, 'a property value');
    if (char === '[') return sequence(']', value, 'an array element');
    if (char === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 400));
    if (literal && !/[\w.]/.test(text[pos + literal[0].length] ?? '')) return void (pos += literal[0].length);
    fail(`expected a JSON value, found ${found()}`);
  };
  try {
    value();
    space();
    if (pos < text.length) fail(`unexpected ${found()} after the JSON value`);
    return undefined;
  } catch (error) {
    if (error instanceof Located) return error.location;
    throw error;
  }
}
