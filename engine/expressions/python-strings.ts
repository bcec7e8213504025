import { allocate, allocateItems } from './budget';
import { fail } from './expression-error';
import { MAX_STRING_LENGTH, RESULT_TOO_LONG } from './limits';
import { expectString } from './python-values';
import { typeName } from './value-kinds';

/** Python's str.strip(chars=None): whitespace, or any of `chars`, from both ends. */
export function pyStrip(text: string, chars: unknown): string {
  allocate(text.length);
  if (chars === null || chars === undefined) return text.trim();
  allocate(text.length);
  const set = new Set(Array.from(expectString(chars, 'strip arg')));
  const characters = Array.from(text);
  let start = 0;
  let end = characters.length;
  while (start < end && set.has(characters[start]!)) start++;
  while (end > start && set.has(characters[end - 1]!)) end--;
  return characters.slice(start, end).join('');
}

/** Python's str.split(sep=None, maxsplit=-1). */
export function pySplit(text: string, separator: unknown, maxSplit: unknown): string[] {
  const limit = typeof maxSplit === 'number' && maxSplit >= 0 ? maxSplit : Infinity;
  allocate(text.length);
  if (separator === null || separator === undefined) {
    const parts: string[] = [];
    let rest = text.trimStart();
    while (rest !== '') {
      const gap = parts.length < limit ? /\s+/.exec(rest) : null;
      if (!gap) {
        parts.push(rest);
        break;
      }
      allocateItems(1);
      parts.push(rest.slice(0, gap.index));
      rest = rest.slice(gap.index + gap[0].length);
    }
    return parts;
  }
  const sep = expectString(separator, 'split separator');
  if (sep === '') fail('empty separator');
  const pieces = text.split(sep);
  allocateItems(pieces.length);
  if (pieces.length - 1 <= limit) return pieces;
  return [...pieces.slice(0, limit), pieces.slice(limit).join(sep)];
}

/** Python's str.replace(old, new, count=-1); an empty `old` inserts `new` between all characters. */
export function pyReplace(text: string, old: unknown, replacement: unknown, count: unknown): string {
  const from = expectString(old, 'replace() argument 1');
  const to = expectString(replacement, 'replace() argument 2');
  const limit = typeof count === 'number' && count >= 0 ? count : Infinity;
  // The length is known before the result is built, so an enormous one is refused instead of attempted.
  if (from === '' && text.length + Math.min(limit, text.length + 1) * to.length > MAX_STRING_LENGTH)
    fail(RESULT_TOO_LONG);
  allocate(text.length);
  const pieces = from === '' ? ['', ...Array.from(text), ''] : text.split(from);
  const replaced = Math.min(limit, pieces.length - 1);
  const length = text.length + replaced * (to.length - from.length);
  if (length > MAX_STRING_LENGTH) fail(RESULT_TOO_LONG);
  allocate(length);
  const head = pieces.slice(0, limit + 1);
  const tail = pieces.slice(limit + 1);
  const joiner = from === '' ? '' : from;
  return head.join(to) + (tail.length > 0 ? joiner + tail.join(joiner) : '');
}

/** Python's str.startswith / str.endswith, whose argument may be a string or a tuple (list) of strings. */
export function pyAffix(text: string, affix: unknown, at: 'start' | 'end'): boolean {
  const options = Array.isArray(affix) ? affix : [affix];
  return options.some((option) => {
    if (typeof option !== 'string') fail(`${at}swith first arg must be str or a tuple of str, not ${typeName(option)}`);
    return at === 'start' ? text.startsWith(option) : text.endsWith(option);
  });
}
