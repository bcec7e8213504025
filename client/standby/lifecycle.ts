import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { livePid, sluiceHome, standbyPidFile, standbySocket } from '../../bin/standby-protocol.js';
import { projectPath } from '../project-path';
import { cliBuild } from './cli-build';

/** What a standby inherits: enough to find the server and its packages. It takes each run's environment from the run. */
const INHERITED = ['PATH', 'HOME', 'SLUICE_HOME', 'SLUICE_TEMPORAL_PORT', 'TMPDIR'];

/** Claims the right to start the standby of `socket`, or returns false while a live one starts or waits. */
function claim(pidFile: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(pidFile, 'wx', 0o600));
      // Until the standby's own pid replaces it, this process's pid keeps the claim alive for others.
      writeFileSync(pidFile, String(process.pid));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || livePid(pidFile) !== undefined) return false;
      rmSync(pidFile, { force: true });
    }
  }
  return false;
}

/**
 * Starts, detached, a standby of this CLI build beside the shared local server, unless one is starting or waiting:
 * it loads what a run needs and serves the next `sluice run` of this installation, which then starts in a fraction
 * of the time. Each standby serves one run and starts its successor; it exits when the server stops.
 * `SLUICE_STANDBY=0` turns standbys off.
 */
export function ensureStandby(): void {
  const build = cliBuild();
  const socket = build && process.env.SLUICE_STANDBY !== '0' ? standbySocket(build) : undefined;
  if (!socket) return;
  const pidFile = standbyPidFile(socket);
  try {
    mkdirSync(dirname(socket), { recursive: true, mode: 0o700 });
    if (!claim(pidFile)) return;
    stopStandbys(socket);
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
  } catch {
    // A run never fails for want of a standby: the next one loads what it needs itself.
  }
}

/**
 * Stops the standbys waiting beside the shared local server, but for the one of `keep`: those of other builds serve no
 * run any more. One serving a run is left to finish it.
 */
export function stopStandbys(keep?: string): void {
  const dir = join(sluiceHome(), 'standby');
  const pidFiles = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.sock.pid')) : [];
  for (const name of pidFiles) {
    if (keep && join(dir, name) === standbyPidFile(keep)) continue;
    const pid = livePid(join(dir, name));
    try {
      if (pid !== undefined) process.kill(pid, 'SIGTERM');
    } catch {
      // exited meanwhile
    }
  }
}
