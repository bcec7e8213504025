import { DefaultLogger, type LogLevel } from '@temporalio/worker';
import { redact } from '../../engine/http/redact';
// The logging modules one by one: the index would load pino, which the CLI does not use.
import { resolveLogLevel } from '../../worker/logging/log-level';
import { oneLineError } from '../../worker/logging/one-line-error';
import { installRuntimeLogger } from '../../worker/logging/runtime-logs';

/**
 * Installs a Temporal runtime logger for the CLI: warnings and errors only, one line each, without stack traces.
 * SLUICE_LOG_LEVEL=debug|info shows more. `sluice worker` routes the same runtime to its JSON logger instead. With
 * `metricsPort`, the runtime serves Prometheus metrics on every interface at that port: the SDK's own, and sluice's,
 * which are created on the runtime's meter.
 */
export function installCliLogger(options: { metricsPort?: number } = {}): void {
  const level = resolveLogLevel(undefined, 'warn').toUpperCase() as LogLevel;
  installRuntimeLogger(
    new DefaultLogger(level, (entry) => {
      const meta = entry.meta ?? {};
      const error = meta.error === undefined ? '' : `: ${oneLineError(meta.error)}`;
      const what = [meta.workflowType, meta.activityType, meta.resource].filter(Boolean).join(' ');
      process.stderr.write(
        redact(`[${entry.level.toLowerCase()}] ${entry.message}${what ? ` (${what})` : ''}${error}\n`),
      );
    }),
    options.metricsPort === undefined
      ? undefined
      : { metrics: { prometheus: { bindAddress: `0.0.0.0:${options.metricsPort}` } } },
  );
}
