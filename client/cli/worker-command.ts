import { Command, Option } from 'commander';
import { localServerAddress } from '../dev-server/local-port';
import { setFlagsFromString } from 'node:v8';
import { logLevelOption, resolveLogLevel, type LogLevelName } from '../../worker/logging/log-level';
import { destOption, namespaceOption, port, secretsOption, taskQueueOption, temporalOption } from './options';
import { untilSignal } from './until-signal';

/** `sluice worker`'s parsed options. */
interface WorkerOptions {
  temporal: string;
  namespace: string;
  taskQueue: string;
  dest?: string;
  secrets?: string;
  logLevel?: LogLevelName;
  metricsPort?: number;
}

/**
 * V8 settings for a long-running worker. Activities turn pages over fast: by default V8 lets that garbage pile up to
 * several times the live heap before a full collection, and grows the young generation up to 48 MB, which together
 * nearly double the worker's resident memory on a long sync. Letting the old generation grow by a fifth past what
 * survived the last collection, and keeping the young generation at its initial size, holds the worker near its
 * working set for a few percent more time in the collector; neither limits what a large page may need.
 */
const V8_FLAGS = ['--heap-growing-percent=20', '--semi-space-growth-factor=1'];

/**
 * `sluice worker`: runs sluice's workflows and activities until SIGINT or SIGTERM, then stops polling and lets
 * in-flight activities finish (or hands them back to the cluster after the grace time).
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description("run sluice's workflows and activities until SIGINT or SIGTERM, then drain in-flight work")
    .addOption(temporalOption(localServerAddress()))
    .addOption(namespaceOption())
    .addOption(taskQueueOption())
    .addOption(
      destOption('destination URL whose password (and only that) the worker supplies to syncs; see also PGPASSWORD'),
    )
    .addOption(secretsOption())
    .addOption(
      new Option(
        '--log-level <level>',
        'trace, debug, info, warn or error (default: SLUICE_LOG_LEVEL, else info); JSON lines on stderr, readable lines on a terminal',
      ).argParser(logLevelOption),
    )
    .addOption(
      new Option(
        '--metrics-port <port>',
        "serve Prometheus metrics (the Temporal SDK's and sluice's) at http://0.0.0.0:<port>/metrics",
      ).argParser(port),
    )
    .action(work);
}

async function work(values: WorkerOptions): Promise<void> {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
  // Loaded here, not with the CLI: no other command needs the worker or its logger.
  const [{ createSluiceWorker }, { createSluiceLogger, routeRuntimeLogs, temporalLoggerFor }] = await Promise.all([
    import('../../worker/create-worker'),
    import('../../worker/logging'),
  ]);
  const logger = createSluiceLogger({ level: resolveLogLevel(values.logLevel, 'info') });
  routeRuntimeLogs(temporalLoggerFor(logger));
  const log = (line: string) => logger.info({ taskQueue: values.taskQueue }, line);
  const { worker, close } = await createSluiceWorker({
    address: values.temporal,
    namespace: values.namespace,
    taskQueue: values.taskQueue,
    destination: values.dest,
    secretsFile: values.secrets,
  });
  if (values.metricsPort !== undefined) log(`metrics on http://0.0.0.0:${values.metricsPort}/metrics`);
  log(`sluice worker polling '${values.taskQueue}' on ${values.temporal}; Ctrl-C to stop`);
  // On SIGINT/SIGTERM polling stops, in-flight activities get the grace time to finish, and run() resolves.
  const running = worker.run();
  const signal = await Promise.race([untilSignal(), running.then(() => undefined)]);
  if (signal) {
    log(`${signal}: finishing in-flight work…`);
    worker.shutdown();
  }
  await running;
  await close();
  log('worker stopped');
}
