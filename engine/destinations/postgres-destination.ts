import knex, { type Knex } from 'knex';
import pg from 'pg';
import { DestinationError } from '../errors';
import { withPassword } from './destination-url';
import { normalizeIdentifier } from './naming';
import { postgresDialect } from './postgres-dialect';
import { quoteIdentifier } from './quote-identifier';
import { SqlDestination } from './sql-destination';

const INT8 = 20;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/**
 * Type parsers for this pool only (pg's global ones stay untouched): bigint as a number when it is safe, otherwise the
 * exact digits; dates and timestamps as PostgreSQL prints them, since JavaScript dates would drop microseconds.
 */
const typeParsers = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (oid === INT8) {
      return (value: string) => {
        const number = Number(value);
        return Number.isSafeInteger(number) ? number : value;
      };
    }
    if (oid === DATE || oid === TIMESTAMP || oid === TIMESTAMPTZ) return (value: string) => value;
    return pg.types.getTypeParser(oid, (format ?? 'text') as 'text');
  },
};

/**
 * knex settings for a PostgreSQL dataset: the schema is the first (and only) entry of `search_path`, and the session
 * time zone is UTC so that timestamps without an offset mean UTC. Both are startup options: no query per connection.
 */
export function postgresKnexConfig(url: string, schema: string, password?: string): Knex.Config {
  return {
    client: 'pg',
    connection: {
      connectionString: password ? withPassword(url, password) : url,
      options: `-c search_path=${schema} -c TimeZone=UTC`,
      types: typeParsers,
      // A server that does not answer fails a connection in seconds, and a statement stuck behind a lock in minutes,
      // instead of an activity waiting for its own timeout with nothing said.
      connectionTimeoutMillis: 5000,
      statement_timeout: 300_000,
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: 10 },
  };
}

/** Opens a PostgreSQL destination whose dataset is a schema (normalised like a table name), creating the schema. */
export async function openPostgresDestination(
  url: string,
  dataset: string,
  password?: string,
): Promise<SqlDestination> {
  const schema = normalizeIdentifier(dataset);
  if (schema.startsWith('pg_')) {
    throw new DestinationError(
      `PostgreSQL reserves schema names that start with pg_: dataset '${dataset}' cannot be one; choose another dataset name`,
    );
  }
  const db = knex(postgresKnexConfig(url, schema, password));
  try {
    const exists = await db.raw('SELECT 1 FROM pg_namespace WHERE nspname = ?', [schema]);
    if (exists.rows.length === 0) await db.raw(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new SqlDestination(db, postgresDialect);
}
