import { ConfigError } from '../errors';
import type { JsonValue } from '../json';
import { parsePythonLiteral } from './python-literal';

/** Text spans to search: fenced Python blocks of a Markdown document first, then the whole text. */
function searchSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const fence = /```(?:python|py)\s*\n([\s\S]*?)```/g;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    const start = match.index + match[0].indexOf('\n') + 1;
    spans.push([start, start + match[1]!.length]);
  }
  spans.push([0, text.length]);
  return spans;
}

/**
 * Finds the dlt source config in a Python file or a Markdown/text document: the first argument of a
 * `rest_api_source(...)` call (a dict literal, or a name assigned a dict literal earlier), or a top-level assignment
 * of a dict with a `resources` key. Nothing is executed.
 */
export function extractSourceConfig(text: string, fileName: string): JsonValue {
  for (const [start, end] of searchSpans(text)) {
    const span = text.slice(0, end);
    const call = /rest_api_source\(\s*(?:config\s*=\s*)?/g;
    call.lastIndex = start;
    const match = call.exec(span);
    if (match) {
      const at = match.index + match[0].length;
      const name = /^[A-Za-z_]\w*/.exec(text.slice(at))?.[0];
      if (!name) return parsePythonLiteral(text, at).value;
      const assignment = new RegExp(`^\\s*${name}\\s*(?::[^=\\n]+)?=\\s*(?=\\{)`, 'm').exec(span);
      if (!assignment) throw new ConfigError(`${fileName}: rest_api_source(${name}) refers to '${name}', which is not assigned a dict literal`);
      return parsePythonLiteral(text, assignment.index + assignment[0].length).value;
    }
    const assignment = /^\s*[A-Za-z_]\w*\s*(?::[^=\n]+)?=\s*(?=\{)/m;
    const region = text.slice(start, end);
    const found = assignment.exec(region);
    if (found) {
      const parsed = parsePythonLiteral(text, start + found.index + found[0].length).value;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'resources' in parsed) return parsed;
    }
  }
  throw new ConfigError(`no rest_api_source({...}) call or config dict found in ${fileName}`);
}
