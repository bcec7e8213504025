import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { projectPath } from '../project-path';

const execFileAsync = promisify(execFile);

/** The Temporal CLI release sluice is built and tested against. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
/** What `temporal --version` prints for that release, whether downloaded or built with `go install`. */
const SERVER_VERSION_MARK = 'Server 1.29.1';
/** Where `go install` puts the binary, relative to the installation. */
export const LOCAL_TEMPORAL_BIN = projectPath('.tools', 'bin', 'temporal');

/** Options for {@link findTemporalBinary}. */
export interface FindTemporalOptions {
  /** Build with Go when no binary is found (default true). */
  build?: boolean;
  /** Progress lines go here (default stderr). */
  log?: (line: string) => void;
}

async function versionOf(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(binary, ['--version'], { timeout: 20_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function hasGo(): Promise<boolean> {
  try {
    await execFileAsync('go', ['version'], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** Builds the Temporal CLI into `.tools/bin` with `go install`, printing progress while it runs. */
export async function buildTemporalBinary(log: (line: string) => void): Promise<void> {
  const started = Date.now();
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (about 3 minutes, once; cached in .tools/bin)…`);
  const child = spawn('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: projectPath('.tools', 'bin') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const ticker = setInterval(() => log(`  still building… ${Math.round((Date.now() - started) / 1000)}s`), 15_000);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0)
      throw new Error(`go install failed (exit ${code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
  } finally {
    clearInterval(ticker);
  }
  log(`Built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)}s.`);
}

/**
 * Finds the Temporal CLI, in this order: `temporal` on PATH at the pinned version, `.tools/bin/temporal`, or a fresh
 * `go install` into `.tools/bin`. Returns undefined when none is available, so callers can fall back to the
 * `@temporalio/testing` download.
 */
export async function findTemporalBinary(options: FindTemporalOptions = {}): Promise<string | undefined> {
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  if ((await versionOf('temporal'))?.includes(SERVER_VERSION_MARK)) return 'temporal';
  if (existsSync(LOCAL_TEMPORAL_BIN) && (await versionOf(LOCAL_TEMPORAL_BIN))) return LOCAL_TEMPORAL_BIN;
  if (options.build === false || !(await hasGo())) return undefined;
  await buildTemporalBinary(log);
  return LOCAL_TEMPORAL_BIN;
}
