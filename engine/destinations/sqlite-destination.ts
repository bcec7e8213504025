import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import knex, { type Knex } from 'knex';
import { SqlDestination } from './sql-destination';
import { sqliteDialect } from './sqlite-dialect';

interface SqliteConnection {
  pragma(source: string): unknown;
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
