import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

/**
 * Installs a Temporal runtime logger for the CLI: warnings and errors only, one line each, without stack traces.
 * SLUICE_LOG_LEVEL=DEBUG|INFO shows the SDK's own logs.
 */
export function installCliLogger(): void {
  const level = (process.env.SLUICE_LOG_LEVEL?.toUpperCase() as LogLevel | undefined) ?? 'WARN';
  Runtime.install({
    // The commands handle SIGINT and SIGTERM themselves: an embedded run's worker must keep polling after the first
    // Ctrl-C to carry out the cancellation it asks for.
    shutdownSignals: [],
    logger: new DefaultLogger(level, (entry) => {
      const meta = entry.meta ?? {};
      const error = meta.error instanceof Error ? `: ${meta.error.message.split('\n')[0]}` : '';
      const what = [meta.workflowType, meta.activityType].filter(Boolean).join(' ');
      process.stderr.write(`[${entry.level.toLowerCase()}] ${entry.message}${what ? ` (${what})` : ''}${error}\n`);
    }),
  });
}
