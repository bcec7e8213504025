/**
 * Temporal's real server and its SQL schema tool, built from source with Go into `.tools/temporal-server/<version>`
 * (a few minutes, once), with the module's PostgreSQL schema directories. The production test runs them in place of
 * the Docker images docker-compose.yml uses, which ship the same release.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectPath } from '../client/project-path';

const execFileAsync = promisify(execFile);

/** The server release of the Docker images in docker-compose.yml and of the Temporal CLI's dev server. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';
const PACKAGES = [`${MODULE}/cmd/server`, `${MODULE}/cmd/tools/sql`];
const TOOLS_DIR = projectPath('.tools', 'temporal-server', TEMPORAL_SERVER_VERSION);

/** Paths of the built tools and of the schema they set up. */
export interface TemporalServerTools {
  /** `temporal-server` (built as `server`). */
  server: string;
  /** `temporal-sql-tool` (built as `sql`). */
  sqlTool: string;
  /** The module's schema/postgresql/v12 directory, with `temporal/versioned` and `visibility/versioned`. */
  postgresSchemaDir: string;
}

/** Environment for Go: modules resolved from the proxy even inside a directory that has its own go.mod. */
const goEnv = (extra: Record<string, string> = {}) => ({ ...process.env, GOFLAGS: '-mod=mod', ...extra });

/** The module's source directory in Go's module cache (downloaded if the cache lost it). */
async function moduleDir(): Promise<string> {
  const { stdout } = await execFileAsync('go', ['mod', 'download', '-json', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], {
    env: goEnv(),
    timeout: 300_000,
  });
  const dir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`go mod download did not report where ${MODULE}@${TEMPORAL_SERVER_VERSION} is`);
  return dir;
}

/** The tools when already built, else undefined (nothing is built). */
export async function findTemporalServerTools(): Promise<TemporalServerTools | undefined> {
  const server = join(TOOLS_DIR, 'server');
  const sqlTool = join(TOOLS_DIR, 'sql');
  if (!existsSync(server) || !existsSync(sqlTool)) return undefined;
  return { server, sqlTool, postgresSchemaDir: join(await moduleDir(), 'schema', 'postgresql', 'v12') };
}

/** Builds both tools with `go install` into a scratch directory, then moves it into place whole. */
export async function buildTemporalServerTools(log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const scratch = `${TOOLS_DIR}.partial-${process.pid}`;
  log(`Building Temporal's server and SQL tool ${TEMPORAL_SERVER_VERSION} with Go (minutes, once; cached in .tools)…`);
  const child = spawn('go', ['install', ...PACKAGES.map((name) => `${name}@${TEMPORAL_SERVER_VERSION}`)], {
    env: goEnv({ GOBIN: scratch }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const ticker = setInterval(() => log(`  still building… ${Math.round((Date.now() - started) / 1000)}s`), 30_000);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0)
      throw new Error(`go install failed (exit ${code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
    if (!existsSync(TOOLS_DIR)) await rename(scratch, TOOLS_DIR);
  } finally {
    clearInterval(ticker);
    await rm(scratch, { recursive: true, force: true });
  }
  log(`Built Temporal's server and SQL tool in ${Math.round((Date.now() - started) / 1000)}s.`);
}

/** The tools, built first when missing. Throws when Go is unavailable or the build fails. */
export async function ensureTemporalServerTools(log: (line: string) => void): Promise<TemporalServerTools> {
  const found = await findTemporalServerTools();
  if (found) return found;
  await buildTemporalServerTools(log);
  const built = await findTemporalServerTools();
  if (!built) throw new Error(`building Temporal's server left no binaries in ${TOOLS_DIR}`);
  return built;
}
