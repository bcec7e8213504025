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
 * How far V8 lets the heap grow past what survived the last full collection, in percent. Activities turn pages over
 * fast: by default V8 lets that garbage pile up to several times the live heap before collecting it, which nearly
 * doubles the worker's resident memory on a long sync. Growing by a fifth keeps it near the live size for a few
 * percent more time in the collector, and never limits what a large page may need.
 */
const HEAP_GROWING_PERCENT = 20;

/**
 * `sluice worker`: runs sluice's workflows and activities until SIGINT or SIGTERM, then stops polling and lets
 * in-flight activities finish (or hands them back to the cluster after the grace time).
 */
export async function workerCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, OPTIONS);
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
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
