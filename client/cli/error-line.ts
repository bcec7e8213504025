const START_SERVER_HINT = "start one with 'sluice server', or pass --temporal HOST:PORT of a running cluster";

/** The messages of an error and of its causes, outermost first. */
function messages(error: unknown): string[] {
  const found: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 10; depth++) {
    found.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return found;
}

/** What a Temporal core transport error says, in words: `Connection refused`, `dns error`, … */
function transportCause(message: string): string | undefined {
  if (!message.includes('tonic::transport::Error')) return undefined;
  const address = /tcp connect error", ([^,\s]+)/.exec(message)?.[1];
  const reason = /message: "([^"]+)"/.exec(message)?.[1] ?? (/dns error/.test(message) ? 'unknown host' : undefined);
  return `cannot reach Temporal${address ? ` at ${address}` : ''}${reason ? ` (${reason.toLowerCase()})` : ''}`;
}

/**
 * One line that says what went wrong and, where sluice knows, what to do about it: the first line of the message,
 * with the raw transport errors of Temporal's core SDK put into words.
 */
export function errorLine(error: unknown): string {
  const all = messages(error);
  const first = all[0]?.split('\n')[0] ?? 'unknown error';
  const transport = all.map(transportCause).find(Boolean);
  if (transport) return `${transport}: ${START_SERVER_HINT}`;
  const unreachable = /^cannot reach Temporal at (\S+): (.*)$/.exec(first);
  if (unreachable)
    return `cannot reach Temporal at ${unreachable[1]} (${unreachable[2]!.toLowerCase()}): ${START_SERVER_HINT}`;
  if (all.some((message) => /Channel has been shut down/.test(message)))
    return `the connection to Temporal closed: is the server still running? ${START_SERVER_HINT}`;
  return first;
}

/** A command-line mistake as one line: `sluice run: unknown option '--x' (did you mean --y?); see 'sluice run --help'`. */
export function usageErrorLine(commandName: string, message: string): string {
  const text = message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.*)\)/, ' (did you mean $1)')
    .replace(' is invalid. ', ' is invalid: ')
    .split('\n')
    .join(' ');
  return `${commandName}: ${text}; see '${commandName} --help'`;
}
