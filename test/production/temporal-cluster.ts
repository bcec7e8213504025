import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createServer } from 'node:net';
import { projectPath } from '../../client/project-path';
import type { TemporalServerTools } from '../../scripts/temporal-server-tools';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { STACK_FILES } from './stack-files';

const run = promisify(execFile);
/** The password the config hands to PostgreSQL (the test cluster trusts local connections, as compose's does not). */
const DB_PASSWORD = 'temporal-test-password';

/** Temporal's real server on its own PostgreSQL, set up as docker-compose.yml sets it up. */
export interface TemporalCluster {
  /** The frontend, host:port. */
  address: string;
  /** Temporal's PostgreSQL (the `postgres` database, as superuser). */
  postgresUrl: string;
  /** The server's output so far, for failure messages. */
  log(): string;
  /** Runs deploy/temporal-schema.sh against the cluster's database; resolves with its output. */
  setupSchema(): Promise<string>;
  /** Runs deploy/temporal-setup.sh against the running server; resolves with its output. */
  setupNamespace(): Promise<string>;
  stop(): Promise<void>;
}

/** Options for {@link startTemporalCluster}. */
export interface TemporalClusterOptions {
  tools: TemporalServerTools;
  /** The Temporal CLI, which the setup script runs. */
  cli: string;
}

/**
 * A free TCP port on 127.0.0.1 below 32768: Temporal stores membership ports as a PostgreSQL smallint, so the OS's
 * ephemeral ports (32768 and up) do not fit.
 */
async function freeLowPort(): Promise<number> {
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * 22_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** Runs one of the deploy scripts with `sh`, as the admin-tools containers do; rejects with its output on failure. */
async function runScript(script: string, env: Record<string, string>): Promise<string> {
  try {
    const { stdout, stderr } = await run('sh', [projectPath(script)], {
      env: { ...process.env, ...env },
      timeout: 300_000,
    });
    return stdout + stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${script} failed: ${failed.message}\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
}

/**
 * Starts a private PostgreSQL for Temporal, sets its schema up with temporal-sql-tool through the compose stack's
 * script, starts the server from the stack's config and dynamic config on free ports, and creates the namespace and
 * search attributes with the stack's setup script.
 */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const postgres: TestPostgres = await startPostgres({ private: true });
  let server: ChildProcess | undefined;
  let output = '';
  const stop = async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server!.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    await postgres.stop();
  };
  try {
    const { hostname, port } = new URL(postgres.url);
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE ROLE temporal LOGIN CREATEDB PASSWORD '${DB_PASSWORD}'`);
    await admin.end();
    const dbEnv = { TEMPORAL_DB_HOST: hostname, TEMPORAL_DB_PORT: port, TEMPORAL_DB_PASSWORD: DB_PASSWORD };
    const setupSchema = () =>
      runScript(STACK_FILES.schemaScript, {
        ...dbEnv,
        TEMPORAL_SQL_TOOL: options.tools.sqlTool,
        TEMPORAL_SCHEMA_DIR: options.tools.postgresSchemaDir,
      });
    await setupSchema();

    const ports: Record<string, string> = {};
    for (const name of ['FRONTEND', 'FRONTEND_HTTP', 'HISTORY', 'MATCHING', 'WORKER'])
      ports[`TEMPORAL_${name}_PORT`] = String(await freeLowPort());
    for (const name of ['FRONTEND', 'HISTORY', 'MATCHING', 'WORKER'])
      ports[`TEMPORAL_${name}_MEMBERSHIP_PORT`] = String(await freeLowPort());
    const address = `127.0.0.1:${ports.TEMPORAL_FRONTEND_PORT}`;
    const config = STACK_FILES.serverConfig;
    server = spawn(
      options.tools.server,
      // The same arguments as the temporal service's entrypoint, with this checkout as the root.
      [
        '--root',
        projectPath(),
        '--config',
        dirname(config),
        '--env',
        basename(config, '.yaml'),
        '--allow-no-auth',
        'start',
      ],
      {
        env: {
          ...process.env,
          ...dbEnv,
          ...ports,
          TEMPORAL_BIND_ON_IP: '127.0.0.1',
          TEMPORAL_LOG_LEVEL: 'warn',
          TEMPORAL_DYNAMIC_CONFIG_FILE: projectPath(STACK_FILES.dynamicConfig),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    server.stdout!.on('data', collect);
    server.stderr!.on('data', collect);
    const serverExited = new Promise<never>((_, reject) =>
      server!.once('exit', (code) => reject(new Error(`the Temporal server exited with ${code}:\n${output}`))),
    );
    serverExited.catch(() => undefined);
    const setupNamespace = () =>
      runScript(STACK_FILES.setupScript, { TEMPORAL_ADDRESS: address, TEMPORAL_CLI: options.cli });
    // The setup script waits for the server to serve, as the compose service waits for its health check.
    await Promise.race([setupNamespace(), serverExited]);
    return { address, postgresUrl: postgres.url, log: () => output, setupSchema, setupNamespace, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
