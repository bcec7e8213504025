import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import knex, { type Knex } from 'knex';
import { SqlDestination } from './sql-destination';
import { sqliteDialect } from './sqlite-dialect';

interface SqliteConnection {
  pragma(source: string): unknown;
  prepare(source: string): unknown;
}

/** Distinct statements a connection keeps compiled: a few per table and the bulk INSERTs of recent page shapes. */
const STATEMENT_CACHE_SIZE = 128;

/**
 * Makes a connection reuse compiled statements. knex prepares every query afresh, and on many small pages (child
 * partitions) compiling the same checkpoint and insert statements costs more than running them. A cached statement
 * stays valid across schema changes: SQLite recompiles it when the schema it was compiled against has changed.
 */
function cacheStatements(connection: SqliteConnection): void {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, unknown>();
  connection.prepare = (source) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  };
}

/**
 * knex settings for an SQLite file: one connection (SQLite has one writer anyway), WAL so that readers never block the
 * writer, `synchronous = NORMAL` (safe with WAL: a crash loses at most the last pages, whose checkpoints go with them),
 * and a busy timeout for other processes holding the write lock.
 */
export function sqliteKnexConfig(file: string): Knex.Config {
  return {
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(connection: SqliteConnection, done: (error: Error | null, connection: SqliteConnection) => void) {
        try {
          connection.pragma('journal_mode = WAL');
          connection.pragma('synchronous = NORMAL');
          connection.pragma('busy_timeout = 10000');
          cacheStatements(connection);
          done(null, connection);
        } catch (error) {
          done(error as Error, connection);
        }
      },
    },
  };
}

/** Opens (creating if needed, with its directory) the SQLite file at `path`; the file is the dataset. */
export async function openSqliteDestination(path: string): Promise<SqlDestination> {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') await mkdir(dirname(file), { recursive: true });
  return new SqlDestination(knex(sqliteKnexConfig(file)), sqliteDialect);
}
