import { answersHttp2 } from './dev-server/free-port';
import { localServerPort } from './dev-server/local-port';
import { ensureLocalServer, readLocalServer } from './dev-server/local-server';

/** The Temporal server of a local run: the shared background server, or one already answering on its port. */
export interface EmbeddedTemporal {
  address: string;
  uiUrl: string;
}

/** The Temporal server answering on localhost:7233 (`SLUICE_TEMPORAL_PORT`), if one does. */
export async function answeringTemporal(): Promise<EmbeddedTemporal | undefined> {
  const port = localServerPort();
  if (!(await answersHttp2('127.0.0.1', port))) return undefined;
  const shared = readLocalServer();
  if (shared?.address === `127.0.0.1:${port}`) return { address: shared.address, uiUrl: shared.uiUrl };
  return { address: `127.0.0.1:${port}`, uiUrl: `http://localhost:${port + 1000}` };
}

/**
 * Uses the Temporal server answering on localhost:7233 (`SLUICE_TEMPORAL_PORT`), or starts the machine's shared
 * background server (state in `~/.sluice`, `SLUICE_HOME`). No run owns it, so a run that ends never stops another's
 * sync; `sluice server stop` stops it.
 */
export async function embeddedTemporal(log: (line: string) => void): Promise<EmbeddedTemporal> {
  const answering = await answeringTemporal();
  if (answering) return answering;
  const server = await ensureLocalServer(log);
  return { address: server.address, uiUrl: server.uiUrl };
}

/** The Temporal UI page of a workflow run. */
export function workflowUiUrl(uiUrl: string, workflowId: string, runId: string, namespace = 'default'): string {
  return `${uiUrl}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}/${runId}/history`;
}
