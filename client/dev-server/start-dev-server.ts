import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTE_ARGS, SLUICE_SEARCH_ATTRIBUTES } from '../../engine/search-attributes';
import { dynamicConfigArgs } from './dynamic-config';
import { freePort } from './free-port';
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

/** The last error line the server logged, such as `address already in use`, to say why it exited. */
function exitCause(logFile: string | undefined): string {
  if (!logFile || !existsSync(logFile)) return '';
  const lines = readFileSync(logFile, 'utf8').trim().split('\n').slice(-20).reverse();
  const line = lines.find((l) => /error|fatal|in use|failed/i.test(l));
  if (!line) return ` (see ${logFile})`;
  const message = /"(?:msg|error)":"([^"]+)"/.exec(line)?.[1] ?? line.replace(/^.*?(error|Error)/, '$1');
  return `: ${message.slice(0, 200)} (log: ${logFile})`;
}

/** Waits until a spawned dev server answers on `address`, or fails with the cause its log gives. */
export async function waitUntilServing(
  address: string,
  child: ChildProcess,
  timeoutMs: number,
  logFile?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the Temporal dev server exited with code ${child.exitCode}${exitCause(logFile)}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`the Temporal dev server did not answer on ${address}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
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

const EXTRA_ARGS = () => [...dynamicConfigArgs(), '--log-level', 'error'];

/** The `temporal server start-dev` arguments of a tuned server with sluice's search attributes. */
export function devServerArgs(port: number, options: Pick<DevServerOptions, 'uiPort' | 'dbFilename'>): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), ...EXTRA_ARGS()];
  args.push(...SEARCH_ATTRIBUTE_ARGS);
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
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
  if (!binary) return startDownloadedServer(port, options, EXTRA_ARGS());

  const output = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(binary, devServerArgs(port, options), { stdio: ['ignore', output, output] });
  try {
    await waitUntilServing(address, child, 60_000, options.logFile);
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
