import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from 'pino';

const METHODS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * Temporal's logger interface over pino: the SDK's own messages, the workflow `log` and the activity `log` all become
 * pino lines carrying their metadata (workflow id, activity type, attempt…) as fields. The SDK's timestamp is dropped
 * in favour of pino's; an `error` field is reduced to one line by the pino logger.
 */
export function temporalLoggerFor(pinoLogger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const method = METHODS[level];
    if (!pinoLogger.isLevelEnabled(method)) return;
    const fields: Record<string, unknown> = {};
    // The task token identifies the task to the server and nothing to a reader.
    for (const [key, value] of Object.entries(meta ?? {})) if (key !== 'taskToken') fields[key] = value;
    // Temporal passes its nanosecond timestamp under a symbol key, which Object.entries skips.
    pinoLogger[method](fields, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
