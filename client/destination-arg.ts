import { resolve } from 'node:path';
import { redactDestinationUrl } from '../engine/destinations/destination-url';
import { ConfigError } from '../engine/errors';
import type { DestinationRef } from '../engine/sync-types';

/** Directory for sluice's local state: SQLite datasets, the local Temporal server, secrets. */
export const STATE_DIR = '.sluice';

/**
 * Turns `--dest` into the reference workflows carry: SQLite paths made absolute, the password of a PostgreSQL URL
 * left out (the worker supplies it). Without `--dest`, a SQLite file under `.sluice/` named after the dataset.
 */
export function destinationRef(dest: string | undefined, dataset: string): DestinationRef {
  // The dataset names a file under .sluice/ or a schema: a path in it would write outside the state directory.
  if (/[/\\\0]|^\.\.?$/.test(dataset) || dataset.trim() === '')
    throw new ConfigError(`--dataset must be a name, not a path: ${JSON.stringify(dataset)}`);
  if (!dest) return { url: `sqlite:${resolve(STATE_DIR, `${dataset}.db`)}`, dataset };
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/.exec(dest);
  if (sqlite) return { url: `sqlite:${resolve(sqlite[1]!)}`, dataset };
  return { url: withoutPassword(dest), dataset };
}

/** A destination URL without its password, whether written `user:password@` or `?password=`. */
function withoutPassword(dest: string): string {
  const url = redactDestinationUrl(dest);
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('password')) return url;
    parsed.searchParams.delete('password');
    return parsed.toString();
  } catch {
    return url.replace(/([?&])password=[^&#]*&?/gi, '$1').replace(/[?&]$/, '');
  }
}
