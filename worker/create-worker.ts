import { readFileSync } from 'node:fs';
import { markPhase } from '../bin/timings.js';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { ActivityDeps } from '../activities';
import { createSecretResolver } from '../engine/config/secrets';
import { DEFAULT_TASK_QUEUE, type DestinationRef } from '../engine/sync-types';
import { createHttpClient, type HttpClient } from '../engine/http/http-client';
import { sluiceDataConverter } from '../client/payload-codec';
import { projectPath } from '../client/project-path';
import { defaultWorkerIdentity, startProbeWorker } from './fleet';
import { activitiesOver, settingsDeps, type SluiceActivitiesOptions } from './sluice-activities';
import { activityLogContext } from './logging/activity-log-context';
import { workflowBundlePath } from './workflow-bundle';

/** The default task queue of sluice's workflows and activities. */
export { DEFAULT_TASK_QUEUE };

/** The connection type a caller passes in `connection`. */
export { NativeConnection };

/** Path of sluice's workflow module, for a user's own `Worker.create({ workflowsPath })`. */
export const SLUICE_WORKFLOWS_PATH = projectPath('workflows', 'index.ts');

/** Options for {@link createSluiceWorker}. */
export interface SluiceWorkerOptions extends SluiceActivitiesOptions {
  /** Temporal frontend host:port (default localhost:7233); ignored when `connection` is given. */
  address?: string;
  connection?: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  /** Extra Worker options (concurrency limits, shutdown grace time…). */
  workerOptions?: Partial<WorkerOptions>;
  /** A destination to open while the worker starts, so that the sync's first activity finds it ready. */
  openDestination?: DestinationRef;
}

/** A worker running sluice's workflows and activities; `close` releases everything it opened. */
export interface SluiceWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** What a run gives its worker's activities: its own settings, and a destination to open while the worker starts. */
export type SluiceRunSettings = Omit<SluiceActivitiesOptions, 'identity'> &
  Pick<SluiceWorkerOptions, 'openDestination'>;

/**
 * A sluice worker created before the run it serves is known: its workflow thread has booted, and it does not poll until
 * it runs. {@link bind} gives its activities the run's settings, read in the run's environment and directory.
 */
export interface PreparedSluiceWorker {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  bind(settings: SluiceRunSettings): Promise<SluiceWorker>;
}

/** A worker being created, whose activities wait for their settings. */
interface UnboundWorker {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  identity: string;
  creating: Promise<Worker>;
  /** What the activities use, filled in by {@link bindWorker}. */
  deps: ActivityDeps;
}

/** Nothing a worker's activities can use before a run binds them. */
function unboundDeps(http: HttpClient): ActivityDeps {
  const unbound = () => {
    throw new Error('the worker has no run bound to it');
  };
  return {
    http,
    secrets: { resolve: unbound, resolveDeep: unbound },
    destinations: { get: unbound, closeAll: async () => undefined },
  };
}

/** Begins creating the worker: the workflow thread starts booting before this returns to the event loop. */
async function beginWorker(
  connection: NativeConnection,
  options: Pick<SluiceWorkerOptions, 'namespace' | 'taskQueue' | 'identity' | 'workerOptions'>,
): Promise<UnboundWorker> {
  const identity = options.workerOptions?.identity ?? options.identity ?? defaultWorkerIdentity();
  const namespace = options.namespace ?? 'default';
  const taskQueue = options.taskQueue ?? DEFAULT_TASK_QUEUE;
  const codePath = await workflowBundlePath();
  markPhase('workflow bundle found');
  const deps = unboundDeps(createHttpClient());
  const creating = Worker.create({
    connection,
    namespace,
    taskQueue,
    identity,
    // Given as code, read here, the bundle reaches the workflow thread without a wait: the thread starts booting
    // before this call returns to the event loop, and a caller's next work overlaps its boot.
    workflowBundle: { code: readFileSync(codePath, 'utf8') },
    dataConverter: sluiceDataConverter(),
    activities: activitiesOver(deps),
    shutdownGraceTime: '10 seconds',
    // Every activity log line names its source and resource, next to Temporal's workflow and activity fields.
    interceptors: { activity: [activityLogContext] },
    ...options.workerOptions,
  });
  creating.catch(() => deps.http.close());
  return { connection, namespace, taskQueue, identity, creating, deps };
}

/** Gives the worker's activities their settings, waits for the worker, and starts its probe for the secrets check. */
async function bindWorker(unbound: UnboundWorker, settings: SluiceRunSettings): Promise<SluiceWorker> {
  const { connection, namespace, taskQueue, identity, deps } = unbound;
  Object.assign(deps, settingsDeps(settings, identity));
  const release = async () => {
    deps.http.close();
    await deps.destinations.closeAll();
  };
  // The destination opens while the workflow thread boots. A failure is left to the first activity that opens it.
  if (settings.openDestination) deps.destinations.get(settings.openDestination).catch(() => undefined);
  let probe: Awaited<ReturnType<typeof startProbeWorker>> | undefined;
  try {
    const worker = await unbound.creating;
    const secrets = createSecretResolver({ env: process.env, secretsFile: settings.secretsFile });
    probe = await startProbeWorker({ connection, namespace, taskQueue, identity, secrets });
    return {
      worker,
      async close() {
        await probe?.stop();
        await release();
      },
    };
  } catch (error) {
    await probe?.stop();
    await release();
    throw error;
  }
}

/** Creates a worker that runs sluice's workflows and activities. */
export async function createSluiceWorker(options: SluiceWorkerOptions = {}): Promise<SluiceWorker> {
  const connection =
    options.connection ?? (await NativeConnection.connect({ address: options.address ?? 'localhost:7233' }));
  markPhase('worker connection open');
  try {
    const worker = await bindWorker(await beginWorker(connection, options), options);
    if (options.connection) return worker;
    return {
      worker: worker.worker,
      async close() {
        await worker.close();
        await connection.close();
      },
    };
  } catch (error) {
    if (!options.connection) await connection.close();
    throw error;
  }
}

/**
 * Creates a worker on `connection` ahead of its run, so that the run finds its workflow thread booted. Until bound it
 * neither polls nor can run an activity.
 */
export async function prepareSluiceWorker(
  connection: NativeConnection,
  options: Pick<SluiceWorkerOptions, 'namespace' | 'taskQueue'>,
): Promise<PreparedSluiceWorker> {
  const unbound = await beginWorker(connection, options);
  await unbound.creating;
  return {
    connection,
    namespace: unbound.namespace,
    taskQueue: unbound.taskQueue,
    bind: (settings) => bindWorker(unbound, settings),
  };
}
