import { ConfigError } from '../errors';
import type { Destination } from './destination';
import { parseDestinationUrl } from './destination-url';
import { openPostgresDestination } from './postgres-destination';
import { openSqliteDestination } from './sqlite-destination';

export {
  destinationPasswordFromUrl,
  parseDestinationUrl,
  redactDestinationUrl,
  type DestinationUrl,
} from './destination-url';

/** Options for {@link createDestination}. */
export interface DestinationOptions {
  /** `sqlite:PATH`, `sqlite://PATH`, or `postgres://…` / `postgresql://…`. */
  url: string;
  /** The dataset: a schema in PostgreSQL; in SQLite the file is the dataset. */
  dataset: string;
  /** The database password, supplied separately so that URLs in workflow inputs carry none. */
  password?: string;
}

/**
 * Opens a destination with its own connection pool, reused by every call until `close()`: SQLite (better-sqlite3,
 * WAL, the file's directory created if missing) or PostgreSQL (pg, the dataset a schema).
 */
export async function createDestination(options: DestinationOptions): Promise<Destination> {
  if (!options.dataset.trim()) throw new ConfigError('DestinationOptions.dataset must not be empty');
  const parsed = parseDestinationUrl(options.url);
  if (parsed.kind === 'sqlite') return openSqliteDestination(parsed.path);
  return openPostgresDestination(parsed.url, options.dataset, options.password);
}
