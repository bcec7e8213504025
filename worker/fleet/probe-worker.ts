import { hostname } from 'node:os';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { sluiceDataConverter } from '../../client/payload-codec';
import type { SecretResolver } from '../../engine/config/secrets';
import { MissingSecretError } from '../../engine/errors';
import { probeQueue } from '../../engine/probe-queue';
import { createProbeActivities } from './fleet-activities';

/** The identity Temporal gives a worker by default, which sluice's workers state explicitly to share it. */
export function defaultWorkerIdentity(): string {
  return `${process.pid}@${hostname()}`;
}

/** A secret resolver whose missing-secret errors name the worker, so that a fleet's operator knows which to fix. */
export function resolverNamingWorker(secrets: SecretResolver, identity: string): SecretResolver {
  const named = <T>(resolve: () => T): T => {
    try {
      return resolve();
    } catch (error) {
      if (error instanceof MissingSecretError) throw new MissingSecretError(`${error.message} (on worker ${identity})`);
      throw error;
    }
  };
  return {
    resolve: (name) => named(() => secrets.resolve(name)),
    resolveDeep: (value) => named(() => secrets.resolveDeep(value)),
  };
}

/** Options for {@link startProbeWorker}. */
export interface ProbeWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  identity: string;
  secrets: SecretResolver;
}

/** A running probe worker. */
export interface ProbeWorker {
  stop(): Promise<void>;
}

/**
 * Starts polling this worker's own probe queue, where a sync asks, before it starts, whether the worker holds the
 * secrets the source needs. It runs beside the main worker and stops with it.
 */
export async function startProbeWorker(options: ProbeWorkerOptions): Promise<ProbeWorker> {
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: probeQueue(options.taskQueue, options.identity),
    identity: options.identity,
    activities: createProbeActivities(options.identity, options.secrets),
    dataConverter: sluiceDataConverter(),
    maxConcurrentActivityTaskExecutions: 4,
    shutdownGraceTime: '1 second',
  });
  const running = worker.run();
  return {
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}
