export { activityLogContext } from './activity-log-context';
export { createSluiceLogger, type SluiceLoggerOptions } from './create-logger';
export { LOG_LEVELS, logLevelOption, resolveLogLevel, toLogLevel, type LogLevelName } from './log-level';
export { oneLineError } from './one-line-error';
export { installRuntimeLogger, routeRuntimeLogs } from './runtime-logs';
export { temporalLoggerFor } from './temporal-logger';
