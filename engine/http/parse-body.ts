import { parse as parseLossless } from 'lossless-json';
import { HttpError } from '../errors';
import { isPlainObject, type JsonValue, setNumberText, wellFormedString } from '../json';

/** Deepest nesting of arrays and objects a response body may have; deeper bodies fail before they are parsed. */
export const MAX_JSON_DEPTH = 1000;

const [QUOTE, BACKSLASH, MINUS, DOT, ZERO, NINE] = [34, 92, 45, 46, 48, 57];
const [OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = [123, 125, 91, 93];
const [LOWER_E, UPPER_E, LOWER_U, LOWER_D, PLUS] = [101, 69, 117, 100, 43];

/** What one pass over a body's text found. */
interface BodyScan {
  /** The offset where nesting first went deeper than {@link MAX_JSON_DEPTH}, or -1. */
  tooDeepAt: number;
  /** Whether a number's text says more than its JavaScript value: `1.0`, `1e3`, or an integer beyond 2^53. */
  typedNumbers: boolean;
  /** Whether a string escapes a UTF-16 surrogate (`\ud83d`), which may be left unpaired. */
  surrogates: boolean;
}

const isDigit = (c: number) => c >= ZERO && c <= NINE;

/** Whether a number token's JavaScript value loses its JSON type or digits. */
function isTypedNumber(token: string, fractional: boolean): boolean {
  const value = Number(token);
  return fractional ? Number.isInteger(value) : !Number.isSafeInteger(value);
}

/**
 * Reads a body's text once, outside strings only, for what `JSON.parse` cannot report: nesting depth, numbers whose
 * text matters, and surrogate escapes. Most bodies have none, and take the fast native parse.
 */
function scanBody(text: string): BodyScan {
  const scan: BodyScan = { tooDeepAt: -1, typedNumbers: false, surrogates: false };
  const length = text.length;
  let depth = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < length; i++) {
        const s = text.charCodeAt(i);
        if (s === QUOTE) break;
        if (s === BACKSLASH && text.charCodeAt(++i) === LOWER_U && (text.charCodeAt(i + 1) | 0x20) === LOWER_D) {
          const third = text.charCodeAt(i + 2) | 0x20;
          if ((third >= 56 && third <= 57) || (third >= 97 && third <= 102)) scan.surrogates = true;
        }
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) {
        scan.tooDeepAt = i;
        return scan;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    } else if (c === MINUS || isDigit(c)) {
      const start = i;
      let fractional = false;
      let digits = isDigit(c) ? 1 : 0;
      for (; i + 1 < length; i++) {
        const n = text.charCodeAt(i + 1);
        if (isDigit(n)) digits++;
        else if (n === DOT || n === LOWER_E || n === UPPER_E) fractional = true;
        else if (n !== PLUS && n !== MINUS) break;
      }
      if (!scan.typedNumbers && (fractional || digits >= 16))
        scan.typedNumbers = isTypedNumber(text.slice(start, i + 1), fractional);
    }
  }
  return scan;
}

/** A number whose text is kept, until the reviver moves the text onto its container. */
class NumberToken {
  constructor(readonly text: string) {}
}

function parseNumber(text: string): number | NumberToken {
  const fractional = /[.eE]/.test(text);
  return isTypedNumber(text, fractional) ? new NumberToken(text) : Number(text);
}

/** Parses keeping the text of typed numbers on their containers (see NUMBER_TEXTS in engine/json.ts). */
function parseKeepingNumbers(text: string): JsonValue {
  return parseLossless(
    text,
    function (this: object, key: string, value: unknown) {
      if (!(value instanceof NumberToken)) return value;
      setNumberText(this, key, value.text);
      return Number(value.text);
    },
    { parseNumber, onDuplicateKey: ({ newValue }) => newValue },
  ) as JsonValue;
}

/** Replaces unpaired surrogates in every string and key with U+FFFD, as a JSON-to-UTF-8 encoder does. */
function wellFormed(value: JsonValue): JsonValue {
  if (typeof value === 'string') return wellFormedString(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = wellFormed(value[i]!);
    return value;
  }
  if (!isPlainObject(value)) return value;
  for (const key of Object.keys(value)) {
    const fixed = wellFormed(value[key]!);
    const name = wellFormedString(key);
    if (name !== key) delete value[key];
    value[name] = fixed;
  }
  return value;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function describeScalar(value: JsonValue): string {
  if (value === null) return 'null';
  const json = JSON.stringify(value);
  return `the JSON ${typeof value} ${json.length > 60 ? `${json.slice(0, 60)}…` : json}`;
}

/**
 * Parses a page's body. Only an object or an array is a page: an empty body, `null` or a lone scalar fails like a body
 * that is not JSON (retryable, as a truncated page is). Numbers keep their JSON type and digits, nesting is bounded,
 * and unpaired surrogates become U+FFFD. `answered` names the request and status (`GET https://… answered 200`).
 */
export function parseBody(text: string, answered: string, status: number): JsonValue {
  if (text.trim() === '') {
    throw new HttpError(`${answered} with an empty body, not a JSON object or array`, status, true);
  }
  const scan = scanBody(text);
  if (scan.tooDeepAt >= 0) {
    throw new HttpError(
      `${answered} with JSON nested deeper than ${MAX_JSON_DEPTH} levels (at character ${scan.tooDeepAt}), more than sluice reads`,
      status,
      false,
    );
  }
  let body: JsonValue;
  try {
    body = scan.typedNumbers ? parseKeepingNumbers(text) : (JSON.parse(text) as JsonValue);
  } catch {
    throw new HttpError(
      `${answered} with a body that is not JSON (truncated or an error page): ${excerpt(text)}`,
      status,
      true,
    );
  }
  if (body === null || typeof body !== 'object') {
    throw new HttpError(`${answered} with ${describeScalar(body)}, not a JSON object or array`, status, true);
  }
  return scan.surrogates ? wellFormed(body) : body;
}
