import { setFlagsFromString } from 'node:v8';
import { createSluiceWorker } from '../../worker/create-worker';
import { parseCommand } from './usage-error';
import { untilSignal } from './until-signal';

const OPTIONS = {
  temporal: { type: 'string', default: 'localhost:7233' },
  namespace: { type: 'string', default: 'default' },
  'task-queue': { type: 'string', default: 'sluice' },
  dest: { type: 'string' },
  secrets: { type: 'string' },
} as const;

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
export async function workerCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, OPTIONS);
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { worker, close } = await createSluiceWorker({
    address: values.temporal,
    namespace: values.namespace,
    taskQueue: values['task-queue'],
    destination: values.dest,
    secretsFile: values.secrets,
  });
  log(`sluice worker polling '${values['task-queue']}' on ${values.temporal}; Ctrl-C to stop`);
  // The Temporal runtime starts a graceful shutdown on SIGINT/SIGTERM itself: polling stops, in-flight activities get
  // the grace time to finish, and run() resolves.
  const running = worker.run();
  const signal = await Promise.race([untilSignal(), running.then(() => undefined)]);
  if (signal) log(`${signal}: finishing in-flight work…`);
  await running;
  await close();
  log('worker stopped');
  return 0;
}
