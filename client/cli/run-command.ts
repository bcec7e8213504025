import { createSecretResolver } from '../../engine/config/secrets';
import { SluiceError } from '../../engine/errors';
import { isSecretRef } from '../../engine/secret-ref';
import type { SourceSpec } from '../../engine/source-spec';
import { destinationRef, STATE_DIR } from '../destination-arg';
import { embeddedTemporal } from '../embedded-temporal';
import { loadSource } from '../load-source';
import { runSync, summaryLines, SyncFailedError } from '../run-sync';
import { parseCommand } from './usage-error';
import { untilSignal } from './until-signal';

const OPTIONS = {
  dest: { type: 'string' },
  dataset: { type: 'string' },
  set: { type: 'string', multiple: true },
  temporal: { type: 'string' },
  namespace: { type: 'string', default: 'default' },
  'task-queue': { type: 'string', default: 'sluice' },
  secrets: { type: 'string' },
  'no-wait': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'full-refresh': { type: 'boolean', default: false },
  'keep-server': { type: 'boolean', default: false },
} as const;

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

/** `sluice run CONFIG`: starts a sync (or attaches to the running one), waits for it and prints a summary. */
export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, 1);
  const configPath = positionals[0];
  if (!configPath) throw new SluiceError('sluice run needs a CONFIG file');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const source = await loadSource(configPath, values.set ?? []);
  source.notes.forEach((note) => log(`note: ${note}`));
  const destination = destinationRef(values.dest, values.dataset ?? source.name);
  const embedded = !values.temporal;
  if (embedded) checkSecrets(source, values.secrets);

  const server = embedded ? await embeddedTemporal(STATE_DIR, log) : undefined;
  try {
    const address = values.temporal ?? server!.address;
    const outcome = await runSync({
      source,
      destination,
      address,
      uiUrl: server?.uiUrl ?? `http://${address.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1000}`)}`,
      namespace: values.namespace,
      taskQueue: values['task-queue'],
      runWorker: embedded,
      workerDestination: values.dest,
      secretsFile: values.secrets,
      fullRefresh: values['full-refresh'],
      wait: !values['no-wait'],
      log,
    });
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
      const failed = Object.entries(result.resources).filter(([, r]) => r.status !== 'completed');
      throw new SyncFailedError(
        `sync ${result.status}: ${failed.map(([name, r]) => `${name} ${r.status}${r.error ? ` (${r.error})` : ''}`).join('; ')}`,
      );
    }
    if (server && values['keep-server']) {
      log(`Temporal UI stays up at ${server.uiUrl}; Ctrl-C to stop.`);
      await untilSignal();
    }
    return 0;
  } finally {
    await server?.stop();
  }
}
