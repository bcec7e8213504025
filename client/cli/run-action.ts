// What `sluice run` does, apart from its definition, so that other commands never load the Temporal client.
import { markPhase } from '../../bin/timings.js';
import { sourceNameOf } from '../../engine/config/load-config-file';
import { createSecretResolver } from '../../engine/config/secrets';
import { isSecretRef } from '../../engine/secret-ref';
import type { SourceSpec } from '../../engine/source-spec';
import { destinationRef } from '../destination-arg';
import { answeringTemporal, embeddedTemporal } from '../embedded-temporal';
import { beginEmbeddedWorker, discardWorker } from '../embedded-worker';
import { loadSource } from '../load-source';
import { embeddedTaskQueue, syncWorkflowId } from '../sync-ids';
import { createProgressDisplay } from './progress/progress-display';
import { failureLine, summaryLines } from './summary';

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

/** Runs `sluice run`, loaded only when that command runs. */
export async function run(configPath: string, values: RunOptions): Promise<void> {
  const display = createProgressDisplay();
  const log = (line: string) => display.log(line);
  const embedded = !values.temporal;
  // A source is named after its file, so the sync's destination and task queue are known before the config is read.
  const name = sourceNameOf(configPath);
  const destination = destinationRef(values.dest, values.dataset ?? name);
  const taskQueue =
    values.taskQueue ?? (embedded ? embeddedTaskQueue(syncWorkflowId(destination.dataset, name)) : undefined);
  const beginWorker = async (address: string | Promise<string>) => {
    // The runtime's logger is installed before anything creates the runtime.
    const { installCliLogger } = await import('./quiet-runtime');
    installCliLogger();
    return beginEmbeddedWorker({
      address,
      namespace: values.namespace,
      taskQueue: taskQueue!,
      destination: values.dest,
      secretsFile: values.secrets,
      openDestination: destination,
    });
  };

  // With a server already answering, the worker begins before the config is read, and its thread boots meanwhile.
  const answering = embedded && values.wait ? await answeringTemporal() : undefined;
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

  // A server that must start boots in its own process while this one loads the Temporal worker and client modules.
  // The worker's modules load first, so that its creation, mostly a wait on a thread, overlaps loading the client.
  const serverStarting = answering ? Promise.resolve(answering) : embedded ? embeddedTemporal(log) : undefined;
  serverStarting?.catch(() => undefined);
  if (serverStarting && values.wait) early ??= await beginWorker(serverStarting.then((server) => server.address));
  const [{ runSync, SyncFailedError }, { missingSearchAttributesError }] = await Promise.all([
    import('../run-sync'),
    import('./search-attributes-check'),
  ]);
  const server = await serverStarting;
  markPhase('server ready');
  try {
    const address = values.temporal ?? server!.address;
    const outcome = await runSync({
      source,
      destination,
      address,
      uiUrl: server?.uiUrl ?? `http://${address.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1000}`)}`,
      namespace: values.namespace,
      taskQueue,
      runWorker: embedded,
      worker: early,
      workerDestination: values.dest,
      secretsFile: values.secrets,
      fullRefresh: values.fullRefresh ?? false,
      wait: values.wait,
      log,
      onProgress: (rows) => display.update(rows),
    }).catch(async (error: unknown) => {
      // Temporal says only "Failed to start Workflow" when the namespace lacks a search attribute the workflow sets.
      if (error instanceof Error && /Failed to start Workflow/.test(error.message))
        throw (await missingSearchAttributesError(address, values.namespace)) ?? error;
      throw error;
    });
    display.stop();
    const result = outcome.result;
    if (result) {
      log(
        `${result.status === 'completed' ? 'Completed' : 'Finished with failures'}: load ${result.loadId}${result.resumed ? ' (resumed)' : ''}`,
      );
      summaryLines(result).forEach((line) => log(line));
      result.notes.forEach((note) => log(`note: ${note}`));
    }
    if (values.json) {
      const resources = Object.fromEntries(
        Object.entries(result?.resources ?? {}).map(([name, r]) => [
          name,
          { records: r.records, pages: r.pages, status: r.status, ...(r.error ? { error: r.error } : {}) },
        ]),
      );
      console.log(
        JSON.stringify({
          workflowId: outcome.workflowId,
          runId: outcome.runId,
          status: result?.status ?? 'running',
          resources,
        }),
      );
    }
    if (result && result.status !== 'completed') {
      throw new SyncFailedError(failureLine(result));
    }
  } finally {
    display.stop();
  }
}
