import { chmodSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { constants } from 'node:os';
import { join } from 'node:path';
import { livePid, onMessages, send, standbyPidFile } from '../../bin/standby-protocol.js';
import { clearPhases, phaseLines } from '../../bin/timings.js';
import { readLocalServer } from '../dev-server/local-server';
import { projectPath } from '../project-path';
import { ensureStandbys } from './lifecycle';
import { prepareStandbyWorker } from './prepared-worker';

/** What `sluice run` hands its standby: everything of its process that the run depends on. */
export interface RunRequest {
  type: 'run';
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  umask: number;
  stdoutTty: boolean;
  stderrTty: boolean;
  columns?: number;
  /** The run process's `performance.timeOrigin`, which its phase timings count from. */
  timeOrigin: number;
}

/** Whether a message is a whole run request: a standby never takes one it could not serve. */
function isRunRequest(message: Partial<RunRequest>): message is RunRequest {
  const strings = (value: unknown) =>
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
  return (
    message.type === 'run' &&
    Array.isArray(message.argv) &&
    strings(message.argv) &&
    strings(message.env) &&
    typeof message.cwd === 'string' &&
    Number.isInteger(message.umask) &&
    typeof message.timeOrigin === 'number'
  );
}

/** How often a waiting standby checks that the shared local server still runs. */
const SERVER_CHECK_MS = 2000;

/**
 * Reads the example configs, as a run reads its own: a function runs slowly the first time, until V8 has compiled it,
 * and reading a config calls hundreds of them.
 */
async function readExampleConfigs(): Promise<void> {
  const { loadSource } = await import('../load-source');
  const dir = projectPath('examples', 'seeds');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.txt')))
    await loadSource(join(dir, file)).catch(() => undefined);
}

/**
 * Loads what a run needs, short of anything that reads the run's environment: the run's own modules, the Temporal
 * worker and client with the native runtime's bindings, knex with both dialects and their drivers. Then creates the
 * worker the run will take, on the shared local server.
 */
async function preloadRun(): Promise<void> {
  const [, , , { default: knex }] = await Promise.all([
    import('../cli/run-action'),
    import('../run-sync'),
    import('../embedded-worker'),
    import('knex'),
    import('../../worker/create-worker'),
    import('../cli/quiet-runtime'),
    import('../cli/search-attributes-check'),
    import('../../engine/destinations/create-destination'),
    import('yaml'),
  ]);
  await Promise.all([
    readExampleConfigs(),
    knex({ client: 'pg' }).destroy(),
    knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true }).destroy(),
  ]);
  // Without one, the run creates its own worker, as a run in its own process does.
  const server = readLocalServer();
  if (server) await prepareStandbyWorker(server.address).catch(() => undefined);
}

/** Takes on the run's environment, working directory and umask, in place so that native code sees them too. */
function becomeRunProcess(request: RunRequest): void {
  for (const name of Object.keys(process.env)) if (!(name in request.env)) delete process.env[name];
  Object.assign(process.env, request.env);
  process.chdir(request.cwd);
  process.umask(request.umask);
}

/** Sends everything the run writes to stdout and stderr to the run's process, which prints it. */
function relayOutput(connection: Socket, request: RunRequest): void {
  const relay = (stream: NodeJS.WriteStream, type: 'stdout' | 'stderr', tty: boolean) => {
    stream.write = ((chunk: string | Uint8Array, encoding?: unknown, done?: unknown) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const callback = typeof encoding === 'function' ? encoding : typeof done === 'function' ? done : undefined;
      send(connection, { type, text }, callback as (() => void) | undefined);
      return true;
    }) as typeof stream.write;
    stream.isTTY = tty;
    if (tty && request.columns) stream.columns = request.columns;
  };
  relay(process.stdout, 'stdout', request.stdoutTty);
  relay(process.stderr, 'stderr', request.stderrTty);
}

/** Ends the served run: its timings, then its exit code, then this process once both are written. */
function exitWith(connection: Socket, request: RunRequest, code: number): never {
  if (exiting) return undefined as never;
  exiting = true;
  if (process.env.SLUICE_TIMINGS) send(connection, { type: 'stderr', text: phaseLines(request.timeOrigin) });
  // Ends as soon as the code is written: a pid left alive would count as a worker of the queue to the next run. What
  // this process's own exit handlers print is not the run's.
  const end = () => {
    process.stdout.write = process.stderr.write = () => true;
    realExit(code);
  };
  send(connection, { type: 'exit', code }, end);
  setTimeout(end, 1000);
  return undefined as never;
}
const realExit = process.exit.bind(process);
let exiting = false;

/**
 * Serves one run as though this process had been started for it, from the moment it arrives to its exit code. A
 * signal the run's process receives arrives here too; one the run does not handle ends this process as it would have
 * ended that one. If the run's process dies, so does this one.
 */
async function serve(connection: Socket, request: RunRequest, build: string | undefined): Promise<never> {
  becomeRunProcess(request);
  relayOutput(connection, request);
  clearPhases();
  process.exit = ((code?: number | string | null) =>
    exitWith(connection, request, Number(code ?? process.exitCode ?? 0))) as typeof process.exit;
  onMessages(connection, (message: { type: string; signal?: NodeJS.Signals }) => {
    if (message.type !== 'signal' || !message.signal) return;
    if (process.listenerCount(message.signal) > 0) process.emit(message.signal, message.signal);
    else process.exit(128 + constants.signals[message.signal]);
  });
  // The run's process is gone, killed outright: this one ends as abruptly, as that process's worker would have, and
  // leaves a successor, as a run that ends does.
  connection.once('close', () => {
    if (exiting) return;
    ensureStandbys();
    realExit(137);
  });
  const { main } = await import('../cli/main');
  const code = await main(request.argv, { build });
  return process.exit(code);
}

/** Listens on `socket` until a run arrives, or until the shared local server stops, or a signal. */
function nextRun(server: Server, socket: string): Promise<{ connection: Socket; request: RunRequest } | undefined> {
  return new Promise((resolve, reject) => {
    let taken = false;
    const stopWaiting = () => {
      clearInterval(serverCheck);
      process.off('SIGTERM', quit).off('SIGINT', quit).off('SIGHUP', quit);
      server.close();
      rmSync(socket, { force: true });
    };
    const quit = () => {
      stopWaiting();
      resolve(undefined);
    };
    const serverCheck = setInterval(() => readLocalServer() ?? quit(), SERVER_CHECK_MS);
    process.on('SIGTERM', quit).on('SIGINT', quit).on('SIGHUP', quit);
    server.on('connection', (connection) => {
      connection.on('error', () => undefined);
      onMessages(connection, (message: Partial<RunRequest>) => {
        if (!isRunRequest(message)) return connection.destroy();
        if (taken) return send(connection, { type: 'busy' }, () => connection.end());
        taken = true;
        stopWaiting();
        connection.removeAllListeners('data');
        send(connection, { type: 'taken' });
        resolve({ connection, request: message });
      });
    });
    server.once('error', reject);
    rmSync(socket, { force: true });
    server.listen(socket, () => chmodSync(socket, 0o600));
  });
}

/**
 * `sluice standby SOCKET`: waits, with a run's modules loaded, for one `sluice run` of this build to hand itself over
 * on SOCKET, serves it, and exits. It leaves its pid file once it takes a run: from then on it is that run's process,
 * which `sluice server stop` leaves alone.
 */
export async function serveStandby(socket: string, build: string | undefined): Promise<void> {
  const pidFile = standbyPidFile(socket);
  const leavePidFile = () => livePid(pidFile) === process.pid && rmSync(pidFile, { force: true });
  try {
    await preloadRun();
    const run = await nextRun(createServer(), socket);
    leavePidFile();
    if (run) return await serve(run.connection, run.request, build);
  } finally {
    leavePidFile();
  }
  // No run came: the process ends without waiting on the prepared worker's connection to a server that may be gone.
  realExit(0);
}
