// How `sluice run` readies a sync before starting it, in the order that overlaps the most work.
import { markPhase } from '../../bin/timings.js';
import { sourceNameOf } from '../../engine/config/load-config-file';
import { createSecretResolver } from '../../engine/config/secrets';
import { isSecretRef } from '../../engine/secret-ref';
import type { SourceSpec } from '../../engine/source-spec';
import type { DestinationRef } from '../../engine/sync-types';
import { destinationRef } from '../destination-arg';
import { answeringTemporal, embeddedTemporal, type EmbeddedTemporal } from '../embedded-temporal';
import { beginEmbeddedWorker, discardWorker, preparedEmbeddedWorker, type EmbeddedWorker } from '../embedded-worker';
import { loadSource } from '../load-source';
import { takeStandbyWorker } from '../standby/prepared-worker';
import { embeddedTaskQueue, syncWorkflowId } from '../sync-ids';

/** `sluice run`'s parsed options. */
export interface RunOptions {
  dest?: string;
  dataset?: string;
  set?: string[];
  temporal?: string;
  namespace: string;
  taskQueue?: string;
  secrets?: string;
  wait: boolean;
  json?: boolean;
  fullRefresh?: boolean;
}

/** Resolves every secret a source refers to, so that a missing one fails before anything starts. */
export function checkSecrets(source: SourceSpec, secretsFile: string | undefined): void {
  const resolver = createSecretResolver({ env: process.env, secretsFile });
  const visit = (value: unknown): void => {
    if (isSecretRef(value)) resolver.resolve(value.$secret);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(source.client.auth);
  source.resources.forEach((r) => visit(r.endpoint.auth));
}

/** What a run has readied when the sync is about to start. */
export interface RunStart {
  source: SourceSpec;
  destination: DestinationRef;
  /** The sync's task queue: an embedded run's own, or `--task-queue`. */
  taskQueue?: string;
  /** An embedded run's server, answering or booting. */
  server?: Promise<EmbeddedTemporal>;
  /** An embedded run's worker, being created. */
  worker?: EmbeddedWorker;
}

/**
 * Reads the config and readies what the sync runs on. With a server already answering, the worker begins first and
 * its thread boots while the config is read, unless a standby has one ready. Otherwise the config is read first, so
 * that a config error never starts a server, and a server that must start boots while the worker's modules load.
 */
export async function startRun(configPath: string, values: RunOptions, log: (line: string) => void): Promise<RunStart> {
  const embedded = !values.temporal;
  // A source is named after its file, so the sync's destination and task queue are known before the config is read.
  const name = sourceNameOf(configPath);
  const destination = destinationRef(values.dest, values.dataset ?? name);
  const workerSettings = { destination: values.dest, secretsFile: values.secrets, openDestination: destination };
  // With a server already answering, the worker begins before the config is read, and its thread boots meanwhile. A
  // standby serving this run has one created already, on a queue of its own.
  const answering = embedded && values.wait ? await answeringTemporal() : undefined;
  const prepared = answering && !values.taskQueue ? takeStandbyWorker(answering.address, values.namespace) : undefined;
  const taskQueue =
    prepared?.taskQueue ??
    values.taskQueue ??
    (embedded ? embeddedTaskQueue(syncWorkflowId(destination.dataset, name)) : undefined);
  const beginWorker = async (address: string | Promise<string>) => {
    // The runtime's logger is installed before anything creates the runtime, or routed to when a standby has.
    const { installCliLogger } = await import('./quiet-runtime');
    installCliLogger();
    if (prepared) return preparedEmbeddedWorker(prepared, workerSettings);
    return beginEmbeddedWorker({ address, namespace: values.namespace, taskQueue: taskQueue!, ...workerSettings });
  };
  let early = answering ? await beginWorker(answering.address) : undefined;
  // Once connected, the worker's thread is spawned before the config reading gives up the event loop.
  await early?.connection.catch(() => undefined);
  let source: SourceSpec;
  try {
    source = await loadSource(configPath, values.set ?? []);
    markPhase('config loaded');
    if (embedded) checkSecrets(source, values.secrets);
  } catch (error) {
    if (early) await discardWorker(early);
    throw error;
  }
  source.notes.forEach((note) => log(`note: ${note}`));

  // A server that must start boots in its own process while this one loads the Temporal worker's modules, and then
  // the client's: the worker's creation, mostly a wait on its thread, overlaps loading the client.
  const server = answering ? Promise.resolve(answering) : embedded ? embeddedTemporal(log) : undefined;
  server?.catch(() => undefined);
  if (server && values.wait) early ??= await beginWorker(server.then((started) => started.address));
  return { source, destination, taskQueue, server, worker: early };
}
