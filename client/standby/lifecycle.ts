import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { livePid, standbyDir, standbyPidFile, standbySockets } from '../../bin/standby-protocol.js';
import { projectPath } from '../project-path';
import { cliBuild } from './cli-build';

/** What a standby inherits: enough to find the server and its packages. It takes each run's environment from the run. */
const INHERITED = ['PATH', 'HOME', 'SLUICE_HOME', 'SLUICE_TEMPORAL_PORT', 'TMPDIR'];

/** How long a claim may stay without a pid, between its creation and its first write. */
const CLAIM_WRITE_MS = 5000;

/**
 * Whether a pid file's claim has been given up: its process has exited. A file still empty has just been created by
 * another claim, which a second run ending at the same moment must not take for abandoned, unless it stays empty.
 */
function abandoned(pidFile: string): boolean {
  try {
    const { size, mtimeMs } = statSync(pidFile);
    if (size === 0) return Date.now() - mtimeMs > CLAIM_WRITE_MS;
  } catch {
    return true;
  }
  return livePid(pidFile) === undefined;
}

/** Claims the right to start the standby of `socket`, or returns false while a live one starts or waits. */
function claim(pidFile: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // Written with this process's pid, which keeps the claim alive for others until the standby's replaces it.
      const fd = openSync(pidFile, 'wx', 0o600);
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !abandoned(pidFile)) return false;
      rmSync(pidFile, { force: true });
    }
  }
  return false;
}

/** Starts, detached, the standby of `socket`; returns its pid. */
function spawnStandby(socket: string, pidFile: string): number | undefined {
  const env = Object.fromEntries(INHERITED.filter((name) => process.env[name]).map((n) => [n, process.env[n]]));
  const child = spawn(process.execPath, [projectPath('bin', 'sluice.js'), 'standby', socket], {
    detached: true,
    stdio: 'ignore',
    env,
  });
  child.once('error', () => rmSync(pidFile, { force: true }));
  child.unref();
  if (child.pid) writeFileSync(pidFile, String(child.pid));
  else rmSync(pidFile, { force: true });
  return child.pid;
}

/**
 * Starts the standbys of this CLI build beside the shared local server where none starts or waits: each loads what a
 * run needs and serves one `sluice run` of this installation, which then starts in a fraction of the time. A standby
 * that has served its run exits and starts its successor; one exits when the server stops. Standbys of other builds
 * are stopped. `SLUICE_STANDBY=0` turns standbys off. Returns the sockets of the standbys it started.
 */
export function ensureStandbys(): string[] {
  const build = cliBuild();
  if (!build || process.env.SLUICE_STANDBY === '0') return [];
  const started: string[] = [];
  try {
    mkdirSync(standbyDir(), { recursive: true, mode: 0o700 });
    for (const socket of standbySockets(build)) {
      const pidFile = standbyPidFile(socket);
      if (claim(pidFile) && spawnStandby(socket, pidFile)) started.push(socket);
    }
    if (started.length > 0) stopStandbys(build);
  } catch {
    // A run never fails for want of a standby: the next one loads what it needs itself.
  }
  return started;
}

/** Waits until each of `sockets` is listened on, or its standby has gone, for at most `ms`. */
export async function standbysListening(sockets: string[], ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  const pending = (socket: string) => !existsSync(socket) && livePid(standbyPidFile(socket)) !== undefined;
  while (sockets.some(pending) && Date.now() < deadline) await sleep(20);
}

/** The pids, in order, of the standbys that listen beside the shared local server, ready to serve a run. */
export function waitingStandbys(): number[] {
  const dir = standbyDir();
  const names = existsSync(dir) ? readdirSync(dir) : [];
  return names
    .filter((name) => name.endsWith('.sock'))
    .map((name) => livePid(join(dir, standbyPidFile(name))))
    .filter((pid): pid is number => pid !== undefined)
    .sort((a, b) => a - b);
}

/**
 * Stops the standbys waiting beside the shared local server, but for those of the build in `keep`: those of other
 * builds serve no run any more. One serving a run is left to finish it.
 */
export function stopStandbys(keep?: string): void {
  const dir = standbyDir();
  const pidFiles = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.sock.pid')) : [];
  for (const name of pidFiles) {
    if (keep && name.startsWith(`${basename(keep)}-`)) continue;
    const pid = livePid(join(dir, name));
    try {
      if (pid !== undefined) process.kill(pid, 'SIGTERM');
    } catch {
      // exited meanwhile
    }
  }
}
