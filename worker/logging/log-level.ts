import { InvalidArgumentError } from 'commander';

/** The levels sluice's logs take, from the most to the least verbose. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

/** A log level. */
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Reads a level name in any case (`WARN`, `warn`); undefined when it is not one. */
export function toLogLevel(value: string | undefined): LogLevelName | undefined {
  const lower = value?.toLowerCase();
  return LOG_LEVELS.find((level) => level === lower);
}

/** Parses `--log-level`, or fails listing the levels. */
export function logLevelOption(value: string): LogLevelName {
  const level = toLogLevel(value);
  if (!level) throw new InvalidArgumentError(`expected one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

/**
 * The level in force: the option, else `SLUICE_LOG_LEVEL`, else the command's default. A `SLUICE_LOG_LEVEL` that is
 * not a level is ignored rather than fatal, since it is read by every command.
 */
export function resolveLogLevel(option: LogLevelName | undefined, fallback: LogLevelName): LogLevelName {
  return option ?? toLogLevel(process.env.SLUICE_LOG_LEVEL) ?? fallback;
}
