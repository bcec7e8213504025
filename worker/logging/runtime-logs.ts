import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import { Runtime, type TelemetryOptions } from '@temporalio/worker';
import { isProbeQueue } from '../../engine/probe-queue';

let target: TemporalLogger | undefined;

/**
 * Whether a warning is the SDK's notice that a worker registers no workflows, from a worker's probe queue: probe
 * workers answer the secrets check only, so every run and worker would otherwise print a warning about nothing.
 */
function isProbeWorkerNotice(message: string, meta?: LogMetadata): boolean {
  return message.startsWith('No workflows registered') && isProbeQueue(String(meta?.taskQueue ?? ''));
}

/**
 * The logger installed in Temporal's runtime, which forwards to whichever logger is routed to last. The runtime can be
 * installed only once per process, before any connection, while a command learns only later whether it runs a
 * worker (JSON logs) or a client (terse warnings).
 */
const forwarding: TemporalLogger = {
  log: (level: LogLevel, message: string, meta?: LogMetadata) => target?.log(level, message, meta),
  trace: (message, meta) => target?.trace(message, meta),
  debug: (message, meta) => target?.debug(message, meta),
  info: (message, meta) => target?.info(message, meta),
  warn: (message, meta) => {
    if (!isProbeWorkerNotice(message, meta)) target?.warn(message, meta);
  },
  error: (message, meta) => target?.error(message, meta),
};

/**
 * Installs Temporal's runtime with the forwarding logger, sending to `initial` until {@link routeRuntimeLogs}, and
 * `telemetryOptions` (a metrics exporter) when given. Once the runtime is installed, a later call only routes the logs
 * to `initial`: a standby installs the runtime before the run it serves asks for it.
 */
export function installRuntimeLogger(initial: TemporalLogger, telemetryOptions?: TelemetryOptions): void {
  target = initial;
  if (installed && !telemetryOptions) return;
  Runtime.install({
    ...(telemetryOptions ? { telemetryOptions } : {}),
    // The commands handle SIGINT and SIGTERM themselves: an embedded run's worker must keep polling after the first
    // Ctrl-C to carry out the cancellation it asks for.
    shutdownSignals: [],
    logger: forwarding,
  });
  installed = true;
}
let installed = false;

/** Sends the runtime's logs (SDK, workflow `log`, activity `log`) to `logger` from now on. */
export function routeRuntimeLogs(logger: TemporalLogger): void {
  target = logger;
}
