import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN_DIR = '/usr/lib/postgresql/15/bin';

/** A PostgreSQL server for tests: a private cluster, or the one named by DATABASE_URL. */
export interface TestPostgres {
  /** Connection URL of the `postgres` database, as the `postgres` superuser. */
  url: string;
  /** Stops the cluster and removes its directory (a no-op for DATABASE_URL). */
  stop(): Promise<void>;
  /** Restarts the server, for tests of dropped connections (not possible with DATABASE_URL). */
  restart(): Promise<void>;
}

/** PostgreSQL is not installed here; tests outside CI skip and say so. */
export class ComponentUnavailableError extends Error {
  override name = 'ComponentUnavailableError';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts PostgreSQL for tests. With DATABASE_URL set, uses that server, unless `private` asks for a cluster of the
 * test's own (to restart it). Otherwise initialises a throwaway cluster in a
 * temporary directory (as the `postgres` user when running as root, because initdb refuses root) on a free port.
 */
export async function startPostgres(options: { private?: boolean } = {}): Promise<TestPostgres> {
  const external = options.private ? undefined : process.env.DATABASE_URL;
  if (external) {
    return {
      url: external,
      stop: async () => undefined,
      restart: async () => {
        throw new Error('cannot restart the PostgreSQL server named by DATABASE_URL');
      },
    };
  }

  const initdb = join(BIN_DIR, 'initdb');
  const pgCtl = join(BIN_DIR, 'pg_ctl');
  if (!existsSync(initdb) || !existsSync(pgCtl)) {
    const message = `PostgreSQL 15 binaries not found in ${BIN_DIR}`;
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI: ${message}`);
    throw new ComponentUnavailableError(`${message}; install postgresql-15 or set DATABASE_URL`);
  }

  const asRoot = process.getuid?.() === 0;
  const exec = (bin: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', bin, ...args]) : run(bin, args);
  const dir = await mkdtemp(join(tmpdir(), 'sluice-pg-'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => exec(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-o', serverOptions, '-w', 'start']);
  try {
    await exec(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await exec(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await exec(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
      await start();
    },
  };
}
