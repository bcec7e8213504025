// What `sluice server` and its subcommands do, loaded only when one runs.
import { join } from 'node:path';
import { SluiceError } from '../../engine/errors';
import { isListening } from '../dev-server/free-port';
import { localServerPort } from '../dev-server/local-port';
import { ensureLocalServer, readLocalServer, stopLocalServer } from '../dev-server/local-server';
import { startDevServer } from '../dev-server/start-dev-server';
import { STATE_DIR } from '../destination-arg';
import { ensureStandbys, standbysListening, waitingStandbys } from '../standby/lifecycle';
import { untilSignal } from './until-signal';
import type { ServerOptions } from './server-command';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Fails at once, naming the port and what to do, when another process already listens where the server would. */
async function checkPortFree(port: number, what: string, remedy: string): Promise<void> {
  if (await isListening('127.0.0.1', port))
    throw new SluiceError(
      `cannot start the Temporal server: ${what} ${port} on 127.0.0.1 is in use by another process; ${remedy}`,
    );
}

export async function start(): Promise<void> {
  const port = localServerPort();
  if (readLocalServer()?.address !== `127.0.0.1:${port}`)
    await checkPortFree(port, 'port', 'stop that process, or set SLUICE_TEMPORAL_PORT to a free port');
  const server = await ensureLocalServer(log);
  // Returns once the standbys listen, so that the first run served finds them loaded and the machine quiet.
  await standbysListening(ensureStandbys());
  log(`Temporal is serving on ${server.address} in the background (pid ${server.pid}); UI: ${server.uiUrl}`);
}

export async function stop(): Promise<void> {
  const stopped = await stopLocalServer();
  log(
    stopped
      ? `stopped the local Temporal server on ${stopped.address} (pid ${stopped.pid})`
      : 'no local Temporal server runs',
  );
}

export function status(): void {
  const server = readLocalServer();
  if (!server)
    throw new SluiceError(
      "no local Temporal server runs: a run without --temporal starts one, as does 'sluice server start'",
    );
  console.log(`running on ${server.address} (pid ${server.pid}, since ${server.startedAt})`);
  console.log(`UI: ${server.uiUrl}`);
  console.log(`state: ${server.dbFilename}; log: ${server.logFile}`);
  const standbys = waitingStandbys();
  console.log(
    `standbys waiting: ${standbys.length === 0 ? 'none' : `${standbys.length} (pid ${standbys.join(', ')})`}`,
  );
}

export async function serve(values: ServerOptions): Promise<void> {
  await checkPortFree(values.port, 'port', 'stop that process, or choose another with --port');
  await checkPortFree(values.uiPort, 'UI port', 'stop that process, or choose another with --ui-port');
  const server = await startDevServer({
    port: values.port,
    uiPort: values.uiPort,
    dbFilename: values.db,
    logFile: join(STATE_DIR, 'temporal.log'),
    log,
  });
  log(`Temporal is serving on ${server.address} (state in ${values.db})`);
  log(`Temporal UI: ${server.uiUrl}`);
  log('Press Ctrl-C to stop.');
  const exited = new Promise<void>((resolve) => server.process?.once('exit', () => resolve()));
  await Promise.race([untilSignal(), exited]);
  await server.stop();
}
