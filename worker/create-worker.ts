import { readFileSync } from 'node:fs';
import { markPhase } from '../bin/timings.js';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, createDestinationPool, type DestinationPool } from '../activities';
import { createSecretResolver } from '../engine/config/secrets';
import { DEFAULT_TASK_QUEUE, type DestinationRef } from '../engine/sync-types';
import { createHttpClient, type HttpClient } from '../engine/http/http-client';
import { sluiceDataConverter } from '../client/payload-codec';
import { projectPath } from '../client/project-path';
import { createFleetActivities, defaultWorkerIdentity, resolverNamingWorker, startProbeWorker } from './fleet';
import { activityLogContext } from './logging/activity-log-context';
import { workflowBundlePath } from './workflow-bundle';

/** The default task queue of sluice's workflows and activities. */
export { DEFAULT_TASK_QUEUE };

/** The connection type a caller passes in `connection`. */
export { NativeConnection };

/** Path of sluice's workflow module, for a user's own `Worker.create({ workflowsPath })`. */
export const SLUICE_WORKFLOWS_PATH = projectPath('workflows', 'index.ts');

/** Options for {@link createSluiceActivities}. */
export interface SluiceActivitiesOptions {
  /** The worker's own destination URL, which may carry the database password. */
  destination?: string;
  /** TOML secrets file (default `.sluice/secrets.toml`). */
  secretsFile?: string;
  /** The worker's identity, named by a missing secret's error (default `pid@host`, as Temporal's). */
  identity?: string;
}

/** sluice's activities with their dependencies, and a `close` that releases connections. */
export interface SluiceActivitiesBundle {
  activities: ReturnType<typeof createActivities> & ReturnType<typeof createFleetActivities>;
  http: HttpClient;
  destinations: DestinationPool;
  close(): Promise<void>;
}

/** Creates sluice's activities, for a user's own worker. */
export function createSluiceActivities(options: SluiceActivitiesOptions = {}): SluiceActivitiesBundle {
  const http = createHttpClient();
  const secrets = resolverNamingWorker(
    createSecretResolver({ env: process.env, secretsFile: options.secretsFile }),
    options.identity ?? defaultWorkerIdentity(),
  );
  const destinations = createDestinationPool({
    workerDestination: options.destination,
    secret: (name) => {
      try {
        return secrets.resolve(name);
      } catch {
        return undefined;
      }
    },
  });
  return {
    activities: { ...createActivities({ http, secrets, destinations }), ...createFleetActivities() },
    http,
    destinations,
    async close() {
      http.close();
      await destinations.closeAll();
    },
  };
}

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

/** Creates a worker that runs sluice's workflows and activities. */
export async function createSluiceWorker(options: SluiceWorkerOptions = {}): Promise<SluiceWorker> {
  const ownsConnection = !options.connection;
  const connection =
    options.connection ?? (await NativeConnection.connect({ address: options.address ?? 'localhost:7233' }));
  markPhase('worker connection open');
  const identity = options.workerOptions?.identity ?? options.identity ?? defaultWorkerIdentity();
  const namespace = options.namespace ?? 'default';
  const taskQueue = options.taskQueue ?? DEFAULT_TASK_QUEUE;
  const bundle = createSluiceActivities({ ...options, identity });
  let probe: Awaited<ReturnType<typeof startProbeWorker>> | undefined;
  try {
    const codePath = await workflowBundlePath();
    markPhase('workflow bundle found');
    const creating = Worker.create({
      connection,
      namespace,
      taskQueue,
      identity,
      // Given as code, read here, the bundle reaches the workflow thread without a wait: the thread starts booting
      // before this call returns to the event loop, and a caller's next work overlaps its boot.
      workflowBundle: { code: readFileSync(codePath, 'utf8') },
      dataConverter: sluiceDataConverter(),
      activities: bundle.activities,
      shutdownGraceTime: '10 seconds',
      // Every activity log line names its source and resource, next to Temporal's workflow and activity fields.
      interceptors: { activity: [activityLogContext] },
      ...options.workerOptions,
    });
    // The destination opens while the workflow thread boots. A failure is left to the first activity that opens it.
    if (options.openDestination) bundle.destinations.get(options.openDestination).catch(() => undefined);
    const worker = await creating;
    const secrets = createSecretResolver({ env: process.env, secretsFile: options.secretsFile });
    probe = await startProbeWorker({ connection, namespace, taskQueue, identity, secrets });
    return {
      worker,
      async close() {
        await probe?.stop();
        await bundle.close();
        if (ownsConnection) await connection.close();
      },
    };
  } catch (error) {
    await probe?.stop();
    await bundle.close();
    if (ownsConnection) await connection.close();
    throw error;
  }
}
