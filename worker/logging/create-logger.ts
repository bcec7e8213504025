import { pino, type DestinationStream, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { MASK, redact } from '../../engine/http/redact';
import type { LogLevelName } from './log-level';
import { oneLineError } from './one-line-error';

/** Options for {@link createSluiceLogger}. */
export interface SluiceLoggerOptions {
  level: LogLevelName;
  /** Where lines go (default stderr); tests pass their own stream. */
  destination?: DestinationStream;
  /** Human-readable lines instead of JSON (default: when stderr is a terminal and no destination is given). */
  pretty?: boolean;
}

/** Keys whose values are credentials whatever they hold. */
const SECRET_KEY = /^(authorization|password|passwd|secret|client_secret|token|access_token|refresh_token|api_?key)$/i;

/** A log value with every remembered secret masked, errors as one line, and credential-named keys hidden. */
function clean(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return redact(oneLineError(value));
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? MASK : clean(item, depth + 1)]),
  );
}

/**
 * The worker's logger: JSON lines on stderr, or pino-pretty's lines on a terminal. Every field and message is
 * redacted (secret values the process has resolved or been issued, credential-named keys), and errors are reduced to
 * one line each, so neither secrets nor a dependency's stack trace reach the log.
 */
export function createSluiceLogger(options: SluiceLoggerOptions): Logger {
  const pretty = options.pretty ?? (!options.destination && process.stderr.isTTY === true);
  // Written synchronously in this thread: a transport's worker thread would lose the last lines of a crash, and
  // pino's transports cannot be resolved from the CLI's compiled bundle.
  const destination =
    options.destination ??
    (pretty
      ? pinoPretty({
          destination: 2,
          sync: true,
          colorize: true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
        })
      : pino.destination({ dest: 2, sync: true }));
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => clean(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? redact(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}
