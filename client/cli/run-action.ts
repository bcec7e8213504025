// What `sluice run` does, apart from its definition, so that other commands never load the Temporal client.
import { markPhase } from '../../bin/timings.js';
import { readLocalServer } from '../dev-server/local-server';
import { localServerPort } from '../dev-server/local-port';
import { ensureStandbys } from '../standby/lifecycle';
import { createProgressDisplay } from './progress/progress-display';
import { startRun, type RunOptions } from './run-start';
import { failureLine, summaryLines } from './summary';

/** Runs `sluice run`, loaded only when that command runs. */
export async function run(configPath: string, values: RunOptions): Promise<void> {
  try {
    await runSyncAndReport(configPath, values);
  } finally {
    // Whatever became of this run, the next one on the shared local server finds a standby waiting.
    if (!values.temporal && readLocalServer()?.address === `127.0.0.1:${localServerPort()}`) ensureStandbys();
  }
}

async function runSyncAndReport(configPath: string, values: RunOptions): Promise<void> {
  const display = createProgressDisplay();
  const log = (line: string) => display.log(line);
  const { source, destination, taskQueue, server: serverStarting, worker } = await startRun(configPath, values, log);
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
      runWorker: !values.temporal,
      worker,
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
