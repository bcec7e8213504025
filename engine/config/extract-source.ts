import { ConfigError } from '../errors';
import type { JsonValue } from '../json';
import { parsePythonLiteral, readPythonToken, skipTrivia } from './python-literal';
import { failAt } from './text-position';

/** A region of the text to search, as offsets into the whole text. */
interface Span {
  start: number;
  end: number;
}

const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})[ \t]*(?:python3?|py)\b[^\n]*\n/gm;
const CALL = /(?<![\w])rest_api_source\s*\(/g;
const KEYWORD = /([A-Za-z_]\w*)\s*=(?!=)/y;
const ASSIGNED_DICT = /^[ \t]*[A-Za-z_]\w*[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*(?=\{)/gm;

/** The fenced ```python / ```py blocks of a Markdown document, then the whole text. */
function searchSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const open of text.matchAll(FENCE_OPEN)) {
    const start = open.index + open[0].length;
    const close = new RegExp(`^[ \\t]*${open[1]![0]}{${open[1]!.length},}[ \\t]*\\r?$`, 'gm');
    close.lastIndex = start;
    spans.push({ start, end: close.exec(text)?.index ?? text.length });
  }
  spans.push({ start: 0, end: text.length });
  return spans;
}

/** Offsets just after `rest_api_source(` of every call inside a span that has arguments. */
function callsIn(text: string, span: Span): number[] {
  const found: number[] = [];
  for (const match of text.slice(0, span.end).matchAll(CALL)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    if (match.index < span.start || /\bdef\s+$/.test(text.slice(lineStart, match.index))) continue;
    const after = match.index + match[0].length;
    if (text[skipTrivia(text, after)] !== ')') found.push(after);
  }
  return found;
}

/** The value of the last `name = ...` (or `name: Type = ...`) before `before`, else the first one after it. */
function resolveName(text: string, name: string, at: number): JsonValue {
  const assignment = new RegExp(`^[ \\t]*${name}[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'gm');
  const ends = [...text.matchAll(assignment)].map((match) => match.index + match[0].length);
  const end = ends.filter((offset) => offset < at).pop() ?? ends[0];
  if (end === undefined)
    failAt(text, at, `rest_api_source(${name}) refers to '${name}', but no '${name} = {...}' assignment was found`);
  return parsePythonLiteral(text, end).value;
}

/** The config argument of the call whose arguments start at `argsStart`: the first positional one, or `config=`. */
function configArgument(text: string, argsStart: number): JsonValue {
  let at = skipTrivia(text, argsStart);
  for (;;) {
    KEYWORD.lastIndex = at;
    const keyword = KEYWORD.exec(text);
    const valueStart = keyword ? skipTrivia(text, KEYWORD.lastIndex) : at;
    if (keyword && keyword[1] !== 'config') {
      // Another keyword argument (name=..., max_table_nesting=...): skip its value and look further.
      at = skipTrivia(text, parsePythonLiteral(text, valueStart).end);
      const comma = text[at] === ',';
      if (comma) at = skipTrivia(text, at + 1);
      if (text[at] === ')') failAt(text, argsStart, 'rest_api_source(...) has no config argument');
      if (!comma) failAt(text, at, "expected ',' after a keyword argument of rest_api_source(...)");
      continue;
    }
    const token = readPythonToken(text, valueStart);
    const following = text[skipTrivia(text, token.end)];
    const isReference = token.kind === 'name' && !['True', 'False', 'None', 'dlt'].includes(token.text);
    if (isReference && (following === ',' || following === ')')) return resolveName(text, token.text, valueStart);
    return parsePythonLiteral(text, valueStart).value;
  }
}

/** Whether the dict literal at `start` has a top-level `key`, judged from tokens alone, without parsing values. */
function dictHasKey(text: string, start: number, key: string): boolean {
  let depth = 0;
  let pos = start;
  try {
    for (;;) {
      const token = readPythonToken(text, skipTrivia(text, pos));
      if (token.kind === 'end') return false;
      pos = token.end;
      if (token.kind === 'op' && '([{'.includes(token.text)) depth++;
      else if (token.kind === 'op' && ')]}'.includes(token.text) && --depth === 0) return false;
      else if (depth === 1 && token.kind === 'string' && token.value === key && text[skipTrivia(text, pos)] === ':')
        return true;
    }
  } catch {
    return false;
  }
}

function findConfig(text: string): JsonValue | undefined {
  const spans = searchSpans(text);
  for (const span of spans) {
    const call = callsIn(text, span)[0];
    if (call !== undefined) return configArgument(text, call);
  }
  for (const span of spans) {
    for (const match of text.slice(0, span.end).matchAll(ASSIGNED_DICT)) {
      const valueStart = match.index + match[0].length;
      if (match.index >= span.start && dictHasKey(text, valueStart, 'resources'))
        return parsePythonLiteral(text, valueStart).value;
    }
  }
  return undefined;
}

/**
 * Finds the dlt source config in a Python file or a Markdown/text document, without executing anything: the config
 * argument of the first `rest_api_source(...)` call (in fenced Python blocks first, then anywhere), given as a dict
 * literal or as a name assigned one earlier; failing that, an assignment of a dict literal with a `resources` key.
 * Errors give the line and column in the whole document.
 */
export function extractSourceConfig(text: string, fileName: string): JsonValue {
  let config: JsonValue | undefined;
  try {
    config = findConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${fileName}: ${error.message}`);
    throw error;
  }
  if (config === undefined) throw new ConfigError(`no rest_api_source({...}) call or config dict found in ${fileName}`);
  return config;
}
