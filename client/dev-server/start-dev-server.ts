import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { SEARCH_ATTRIBUTE_ARGS, SLUICE_SEARCH_ATTRIBUTES } from '../../engine/search-attributes';
import { SluiceError } from '../../engine/errors';
import { dynamicConfigArgs } from './dynamic-config';
import { freePort, isListening } from './free-port';
import { findTemporalBinary } from './temporal-binary';

/** Options for {@link startDevServer}. */
export interface DevServerOptions {
  /** gRPC port; 0 or undefined picks a free one. */
  port?: number;
  /** Temporal UI port; undefined runs headless. */
  uiPort?: number;
  /** SQLite file that persists workflow state across restarts; undefined keeps it in memory. */
  dbFilename?: string;
  /** File that receives the server's own log (default: discarded). */
  logFile?: string;
  /** Build the CLI with Go when it is missing (default true). */
  build?: boolean;
  log?: (line: string) => void;
}

/** A running, tuned Temporal dev server. */
export interface DevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  /** Temporal UI base URL, when the UI runs. */
  uiUrl?: string;
  /** The server process, when sluice spawned the binary itself. */
  process?: ChildProcess;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** The size of a log file now, so that a start reads only what it logged itself. */
export function logSize(logFile: string | undefined): number {
  return logFile && existsSync(logFile) ? statSync(logFile).size : 0;
}

/** What a log written since `offset` says went wrong, e.g. `can't set frontend port 7233: … address already in use`. */
export function logCause(logFile: string | undefined, offset = 0): string | undefined {
  if (!logFile || !existsSync(logFile)) return undefined;
  const length = Math.max(0, statSync(logFile).size - offset);
  const buffer = Buffer.alloc(Math.min(length, 64 * 1024));
  const fd = openSync(logFile, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset + length - buffer.length);
  } finally {
    closeSync(fd);
  }
  const lines = buffer.toString('utf8').trim().split('\n').reverse();
  const line = lines.find((l) => /level=(error|fatal)|"level":"(error|fatal)"|error|in use/i.test(l));
  if (!line) return undefined;
  // The CLI logs `msg="…"` (logfmt) or `"msg":"…"` (JSON); either way the message is the cause.
  const message = /\bmsg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? /"(?:msg|error)":"([^"]+)"/.exec(line)?.[1] ?? line;
  const detail = /\berror="((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
  const cause = detail && !message.includes(detail) ? `${message}: ${detail}` : message;
  return cause.replace(/\\"/g, '"').replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The one-line reason a spawned server exited: its own log's last error, else its exit code. */
function exitMessage(address: string, child: ChildProcess, logFile: string | undefined, logOffset: number): string {
  const cause = logCause(logFile, logOffset);
  const where = logFile ? ` (log: ${logFile})` : '';
  return cause
    ? `the Temporal server could not start on ${address}: ${cause}${where}`
    : `the Temporal server exited with code ${child.exitCode} before serving on ${address}${where}`;
}

/** Waits until a spawned dev server answers on `address`, or fails with the cause its log gives. */
export async function waitUntilServing(
  address: string,
  child: ChildProcess,
  timeoutMs: number,
  logFile?: string,
  logOffset = 0,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Loaded while the server boots, not with this module, which `sluice run` loads before reading its config.
  const { Connection } = await import('@temporalio/client');
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  for (;;) {
    if (child.exitCode !== null) throw new SluiceError(exitMessage(address, child, logFile, logOffset));
    try {
      // A gRPC connection tried before the port is open backs off for a second; a TCP probe costs nothing.
      if (!(await isListening(host, port))) throw new Error('not listening yet');
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      if (Date.now() > deadline)
        throw new SluiceError(`the Temporal server did not answer on ${address} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * A persisted server writes through SQLite's write-ahead log, synced at checkpoints rather than at every commit. Each
 * workflow step then costs the sync a few milliseconds less. A killed or restarted server loses nothing; only a power
 * loss or an OS crash can lose its last commits.
 */
const SQLITE_PRAGMAS = ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'];

const extraArgs = async () => [...(await dynamicConfigArgs()), '--log-level', 'error'];

/** The `temporal server start-dev` arguments of a tuned server with sluice's search attributes. */
export async function devServerArgs(
  port: number,
  options: Pick<DevServerOptions, 'uiPort' | 'dbFilename'>,
): Promise<string[]> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), ...(await extraArgs())];
  args.push(...SEARCH_ATTRIBUTE_ARGS);
  if (options.dbFilename) args.push('--db-filename', options.dbFilename, ...SQLITE_PRAGMAS);
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  return args;
}

/**
 * Starts a Temporal dev server with sluice's tuned dynamic config and search attributes. Uses the binary found by
 * {@link findTemporalBinary}; without one, falls back to the binary that `@temporalio/testing` downloads.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const port = options.port || (await freePort());
  const address = `127.0.0.1:${port}`;
  const binary = await findTemporalBinary({ build: options.build, log: options.log });
  if (options.dbFilename) mkdirSync(dirname(options.dbFilename), { recursive: true });
  if (options.logFile) mkdirSync(dirname(options.logFile), { recursive: true });
  if (!binary) return startDownloadedServer(port, options, await extraArgs());

  const args = await devServerArgs(port, options);
  const offset = logSize(options.logFile);
  const output = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(binary, args, { stdio: ['ignore', output, output] });
  if (typeof output === 'number') closeSync(output);
  try {
    await waitUntilServing(address, child, 60_000, options.logFile, offset);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    process: child,
    stop: () => stopProcess(child),
  };
}

async function startDownloadedServer(port: number, options: DevServerOptions, extraArgs: string[]): Promise<DevServer> {
  options.log?.('No Temporal CLI found and Go is unavailable; using the @temporalio/testing download.');
  // Loaded only here: the testing package loads the whole Temporal worker, which a run would pay for before its config.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port,
      dbFilename: options.dbFilename,
      ui: Boolean(options.uiPort),
      uiPort: options.uiPort,
      searchAttributes: SLUICE_SEARCH_ATTRIBUTES,
      extraArgs,
    },
  });
  return {
    address: env.address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}
