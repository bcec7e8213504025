import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processAlive } from '../../bin/process-alive.js';
import { sluiceHome } from '../../bin/standby-protocol.js';
import { SluiceError } from '../../engine/errors';
import { stopStandbys } from '../standby/lifecycle';
import { freePort, isListening } from './free-port';
import { localServerPort } from './local-port';
import { devServerArgs, logSize, waitUntilServing } from './start-dev-server';
import { findTemporalBinary } from './temporal-binary';

/** What the shared local server's state file records, for later runs and `sluice server stop|status`. */
export interface LocalServerState {
  pid: number;
  address: string;
  uiUrl: string;
  dbFilename: string;
  logFile: string;
  startedAt: string;
}

const stateFile = () => join(sluiceHome(), 'server.json');
const lockFile = () => join(sluiceHome(), 'server.lock');
/** How long a start may take before another run considers its lock abandoned. */
const START_TIMEOUT_MS = 90_000;

/** The shared server this machine runs, if its process is alive. */
export function readLocalServer(): LocalServerState | undefined {
  if (!existsSync(stateFile())) return undefined;
  try {
    const state = JSON.parse(readFileSync(stateFile(), 'utf8')) as LocalServerState;
    return processAlive(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the start lock, or returns false while another process holds a fresh one. */
function tryLock(): boolean {
  mkdirSync(sluiceHome(), { recursive: true });
  try {
    closeSync(openSync(lockFile(), 'wx'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (Date.now() - statSync(lockFile()).mtimeMs > START_TIMEOUT_MS) rmSync(lockFile(), { force: true });
    return false;
  }
}

/**
 * Starts the shared local server as a detached background process that outlives the run which started it, so later
 * runs attach at no cost and no run's exit stops another's sync. Two runs starting at once agree through a lock file:
 * one starts the server, the other waits for it. The server stops only on `sluice server stop`.
 */
export async function ensureLocalServer(log: (line: string) => void): Promise<LocalServerState> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const running = readLocalServer();
    if (running && (await isListening('127.0.0.1', Number(running.address.split(':')[1])))) return running;
    if (tryLock()) {
      try {
        return await spawnLocalServer(log);
      } finally {
        rmSync(lockFile(), { force: true });
      }
    }
    if (Date.now() > deadline) throw new SluiceError(`the local Temporal server did not start; see ${lockFile()}`);
    await sleep(250);
  }
}

async function spawnLocalServer(log: (line: string) => void): Promise<LocalServerState> {
  const port = localServerPort();
  const defaultUi = port + 1000;
  const uiPort = (await isListening('127.0.0.1', defaultUi)) ? await freePort() : defaultUi;
  const binary = await findTemporalBinary({ log });
  if (!binary) throw new SluiceError('no Temporal CLI found: run `node --import tsx scripts/ensure-temporal.ts`');
  const home = sluiceHome();
  const dbFilename = join(home, 'temporal.db');
  const logFile = join(home, 'temporal.log');
  log(
    `Starting the local Temporal server in the background (state in ${dbFilename}; \`sluice server stop\` stops it)…`,
  );
  const args = await devServerArgs(port, { uiPort, dbFilename });
  const offset = logSize(logFile);
  const output = openSync(logFile, 'a');
  const child = spawn(binary, args, {
    detached: true,
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  child.unref();
  const address = `127.0.0.1:${port}`;
  await waitUntilServing(address, child, 60_000, logFile, offset);
  const state: LocalServerState = {
    pid: child.pid!,
    address,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    dbFilename,
    logFile,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(stateFile(), `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

/**
 * Stops the shared local server, and the standbys waiting beside it, and waits for the server to exit; returns what
 * was stopped, or undefined if none ran.
 */
export async function stopLocalServer(): Promise<LocalServerState | undefined> {
  stopStandbys();
  const state = readLocalServer();
  rmSync(stateFile(), { force: true });
  if (!state) return undefined;
  process.kill(state.pid, 'SIGTERM');
  for (let waited = 0; processAlive(state.pid); waited += 100) {
    if (waited === 10_000) process.kill(state.pid, 'SIGKILL');
    await sleep(100);
  }
  return state;
}
