/**
 * An error as one line: its name and the first line of its message, then the same for each cause, so that a driver's
 * multi-line message or stack trace never reaches a log. Whatever it prints went through redaction by the caller.
 */
export function oneLineError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      const first = current.message.split('\n')[0]!.trim();
      parts.push(first && current.name !== 'Error' ? `${current.name}: ${first}` : first || current.name);
      current = current.cause;
    } else {
      parts.push(String(current).split('\n')[0]!);
      break;
    }
  }
  // A wrapper often repeats its cause's message; say it once.
  return parts.filter((part, index) => index === 0 || !parts[index - 1]!.includes(part)).join(' ← ');
}
