import { join } from 'node:path';
import { freePort, isListening } from './dev-server/free-port';
import { startDevServer, type DevServer } from './dev-server/start-dev-server';

/** A Temporal server for a local run: one already answering on localhost:7233, or one started for the run. */
export interface EmbeddedTemporal {
  address: string;
  uiUrl?: string;
  /** Stops the server if this run started it. */
  stop(): Promise<void>;
}

const DEFAULT_PORT = 7233;
const DEFAULT_UI_PORT = 8233;

/**
 * Uses the Temporal server on localhost:7233 if one answers; otherwise starts a persisted dev server (state in
 * `.sluice/temporal.db`) with the Temporal UI, for the duration of the run.
 */
export async function embeddedTemporal(stateDir: string, log: (line: string) => void): Promise<EmbeddedTemporal> {
  if (await isListening('127.0.0.1', DEFAULT_PORT)) {
    return {
      address: `127.0.0.1:${DEFAULT_PORT}`,
      uiUrl: `http://localhost:${DEFAULT_UI_PORT}`,
      stop: async () => undefined,
    };
  }
  const uiPort = (await isListening('127.0.0.1', DEFAULT_UI_PORT)) ? await freePort() : DEFAULT_UI_PORT;
  log('Starting a local Temporal server (state in .sluice/temporal.db)…');
  const server: DevServer = await startDevServer({
    port: DEFAULT_PORT,
    uiPort,
    dbFilename: join(stateDir, 'temporal.db'),
    logFile: join(stateDir, 'temporal.log'),
    log,
  });
  return { address: server.address, uiUrl: server.uiUrl, stop: () => server.stop() };
}

/** The Temporal UI page of a workflow run. */
export function workflowUiUrl(uiUrl: string, workflowId: string, runId: string, namespace = 'default'): string {
  return `${uiUrl}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}/${runId}/history`;
}
