import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { createSecretResolver } from '../../engine/config/secrets';
import { SluiceError } from '../../engine/errors';
import { isSecretRef } from '../../engine/secret-ref';
import type { SourceSpec } from '../../engine/source-spec';
import type { ResourceProgress, SyncSourceResult } from '../../engine/sync-types';
import { progressQuery } from '../../workflows/definitions';
import type { syncSource } from '../../workflows/sync-source';
import { createSluiceWorker } from '../../worker/create-worker';
import { connectClient } from '../connect';
import { destinationRef, STATE_DIR } from '../destination-arg';
import { embeddedTemporal, workflowUiUrl } from '../embedded-temporal';
import { loadSource } from '../load-source';
import { startSync } from '../start-sync';
import { parseCommand } from './usage-error';

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

/** The sync failed: the message lists what completed and what did not. */
export class SyncFailedError extends SluiceError {
  override name = 'SyncFailedError';
}

/** Every secret a source refers to, resolved now so that a missing one fails before anything starts. */
function checkSecrets(source: SourceSpec, secretsFile: string | undefined): void {
  const resolver = createSecretResolver({ env: process.env, secretsFile });
  const visit = (value: unknown): void => {
    if (isSecretRef(value)) resolver.resolve(value.$secret);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(source.client.auth);
  source.resources.forEach((r) => visit(r.endpoint.auth));
}

async function watch(handle: WorkflowHandle<typeof syncSource>, log: (line: string) => void): Promise<SyncSourceResult> {
  const seen = new Map<string, string>();
  const timer = setInterval(() => {
    handle
      .query(progressQuery)
      .then((rows: ResourceProgress[]) => {
        for (const row of rows) {
          const line = `${row.resource}: ${row.state}, ${row.records} records, ${row.pages} pages`;
          if (row.state !== 'waiting' && seen.get(row.resource) !== line) log(`  ${line}`);
          seen.set(row.resource, line);
        }
      })
      .catch(() => undefined);
  }, 2000);
  try {
    return await handle.result();
  } finally {
    clearInterval(timer);
  }
}

function summaryLines(result: SyncSourceResult): string[] {
  const width = Math.max(...Object.keys(result.resources).map((n) => n.length));
  return Object.entries(result.resources).map(([name, r]) => `  ${name.padEnd(width)}  ${String(r.records).padStart(8)} records  ${String(r.pages).padStart(6)} pages  ${r.status}${r.error ? `: ${r.error}` : ''}`);
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
  const address = values.temporal ?? server!.address;
  let client: Client | undefined;
  try {
    client = await connectClient(address, values.namespace);
    const handle = await startSync({ client, source, destination, taskQueue: values['task-queue'], fullRefresh: values['full-refresh'] });
    const description = await handle.describe();
    const uiBase = server?.uiUrl ?? `http://${address.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1000}`)}`;
    const uiLink = workflowUiUrl(uiBase, handle.workflowId, description.runId, values.namespace);
    log(`Sync ${handle.workflowId} → ${destination.url} (dataset ${destination.dataset})`);
    log(`Temporal UI: ${uiLink}`);
    if (values['no-wait']) {
      if (values.json) console.log(JSON.stringify({ workflowId: handle.workflowId, runId: description.runId, status: 'running', resources: {} }));
      return 0;
    }
    let result: SyncSourceResult;
    try {
      if (embedded) {
        const worker = await createSluiceWorker({ connection: undefined, address, namespace: values.namespace, taskQueue: values['task-queue'], destination: values.dest, secretsFile: values.secrets });
        try {
          result = await worker.worker.runUntil(watch(handle, log));
        } finally {
          await worker.close();
        }
      } else {
        result = await watch(handle, log);
      }
    } catch (error) {
      if (error instanceof WorkflowFailedError) throw new SyncFailedError(`sync ${handle.workflowId} failed: ${error.cause?.message ?? error.message}`);
      throw error;
    }
    log(`${result.status === 'completed' ? 'Completed' : 'Finished with failures'}: load ${result.loadId}${result.resumed ? ' (resumed)' : ''}`);
    summaryLines(result).forEach((line) => log(line));
    result.notes.forEach((note) => log(`note: ${note}`));
    if (values.json) {
      const resources = Object.fromEntries(Object.entries(result.resources).map(([name, r]) => [name, { records: r.records, pages: r.pages, status: r.status, ...(r.error ? { error: r.error } : {}) }]));
      console.log(JSON.stringify({ workflowId: handle.workflowId, runId: description.runId, status: result.status, loadId: result.loadId, resources }));
    }
    if (result.status !== 'completed') {
      const failed = Object.entries(result.resources).filter(([, r]) => r.status !== 'completed');
      throw new SyncFailedError(`sync ${result.status}: ${failed.map(([name, r]) => `${name} ${r.status}${r.error ? ` (${r.error})` : ''}`).join('; ')}`);
    }
    return 0;
  } finally {
    await client?.connection.close();
    if (server && !values['keep-server']) await server.stop();
  }
}
