import type { DestinationRef } from '../engine/sync-types';
import type { NativeConnection, PreparedSluiceWorker, SluiceWorker } from '../worker/create-worker';

/** What an embedded run's in-process worker needs. */
export interface EmbeddedWorkerOptions {
  /** Temporal frontend host:port, or the server that will answer there. */
  address: string | Promise<string>;
  namespace: string;
  taskQueue: string;
  /** The run's own `--dest`, which may carry the database password. */
  destination?: string;
  secretsFile?: string;
  /** The sync's destination, opened while the worker starts. */
  openDestination: DestinationRef;
}

/** An embedded run's worker, begun before the client loads. */
export interface EmbeddedWorker {
  /** The worker's connection, open before the worker is. The run's client shares it, and the run closes it last. */
  connection: Promise<NativeConnection>;
  /** The worker, still being created. */
  worker: Promise<SluiceWorker>;
}

/** How long a run waits for its server to answer, as the client's own connection does. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Opens the worker's connection, or fails after `ms` with an error the client names the address in, as its own
 * connection would. The native attempt itself cannot be cancelled: a connection that opens too late is closed.
 */
async function connectWithin(
  connector: typeof NativeConnection,
  address: string,
  ms: number,
): Promise<NativeConnection> {
  const connecting = connector.connect({ address });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      connecting.then((late) => late.close()).catch(() => undefined);
      reject(new Error('failed to connect before the deadline'));
    }, ms);
  });
  try {
    return await Promise.race([connecting, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Begins an embedded run's in-process worker: loads the worker's modules, then connects and creates the worker once
 * the address is known. It resolves as soon as the modules are loaded. Creation is mostly a wait on the workflow
 * thread, which boots on another core: a caller that loads the client and starts the sync meanwhile overlaps the two.
 */
export async function beginEmbeddedWorker(options: EmbeddedWorkerOptions): Promise<EmbeddedWorker> {
  const { createSluiceWorker, NativeConnection } = await import('../worker/create-worker');
  const { address, ...workerOptions } = options;
  const connection = Promise.resolve(address).then((at) => connectWithin(NativeConnection, at, CONNECT_TIMEOUT_MS));
  const worker = connection.then((open) => createSluiceWorker({ ...workerOptions, connection: open }));
  // A failure is reported where each is awaited; until then it must not count as unhandled.
  connection.catch(() => undefined);
  worker.catch(() => undefined);
  return { connection, worker };
}

/** An embedded run's worker from one a standby prepared, bound now to the run's settings. */
export function preparedEmbeddedWorker(
  prepared: PreparedSluiceWorker,
  options: Pick<EmbeddedWorkerOptions, 'destination' | 'secretsFile' | 'openDestination'>,
): EmbeddedWorker {
  const worker = prepared.bind(options);
  worker.catch(() => undefined);
  return { connection: Promise.resolve(prepared.connection), worker };
}

/** Releases an embedded worker that will never run its sync, leaving its connection open. */
async function releaseWorker(embedded: EmbeddedWorker): Promise<void> {
  // A created worker holds a thread until it has run, so it runs down first.
  await embedded.worker.then(
    (created) => created.worker.runUntil(Promise.resolve()).finally(() => created.close()),
    () => undefined,
  );
}

/**
 * Moves an embedded run's worker to `options.taskQueue`, on the same connection: the run attached to a sync that an
 * earlier run started on another queue, where its tasks wait.
 */
export async function moveEmbeddedWorker(
  embedded: EmbeddedWorker,
  options: Omit<EmbeddedWorkerOptions, 'address'>,
): Promise<EmbeddedWorker> {
  await releaseWorker(embedded);
  const { createSluiceWorker } = await import('../worker/create-worker');
  const worker = embedded.connection.then((open) => createSluiceWorker({ ...options, connection: open }));
  worker.catch(() => undefined);
  return { connection: embedded.connection, worker };
}

/** Releases an embedded worker that will never run its sync, and then its connection. */
export async function discardWorker(embedded: EmbeddedWorker): Promise<void> {
  await releaseWorker(embedded);
  await (await embedded.connection.catch(() => undefined))?.close();
}
