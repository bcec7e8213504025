import type { Destination } from '../engine/destinations/destination';
import { destinationPasswordFromUrl } from '../engine/destinations/destination-url';
import { rememberSecret } from '../engine/http/redact';
import type { DestinationRef } from '../engine/sync-types';

/** Options for {@link createDestinationPool}. */
export interface DestinationPoolOptions {
  /** The worker's own `--dest` URL, which may carry the password that workflow inputs leave out. */
  workerDestination?: string;
  /** Looks up a named secret (`destination_password`), when the URL and PGPASSWORD give none. */
  secret?: (name: string) => string | undefined;
}

/** One open destination per URL and dataset, reused by every activity of the worker. */
export interface DestinationPool {
  get(ref: DestinationRef): Promise<Destination>;
  closeAll(): Promise<void>;
}

/** The `?password=` a PostgreSQL URL may carry instead of `user:password@`. */
function passwordParam(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('password') ?? undefined;
  } catch {
    return undefined;
  }
}

function sameServer(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.host === y.host && x.pathname === y.pathname && x.username === y.username;
  } catch {
    return false;
  }
}

/** Creates the pool. Passwords come from the worker's own `--dest`, then PGPASSWORD, then the secrets file. */
export function createDestinationPool(options: DestinationPoolOptions = {}): DestinationPool {
  const open = new Map<string, Promise<Destination>>();
  const passwordFor = (url: string): string | undefined => {
    if (!url.startsWith('postgres')) return undefined;
    const worker = options.workerDestination;
    if (worker && sameServer(worker, url)) {
      const fromWorker = destinationPasswordFromUrl(worker) ?? passwordParam(worker);
      if (fromWorker) return fromWorker;
    }
    return process.env.PGPASSWORD ?? options.secret?.('destination_password');
  };
  const rememberedPasswordFor = (url: string): string | undefined => {
    const password = passwordFor(url);
    rememberSecret(password);
    return password;
  };
  return {
    get(ref) {
      const key = `${ref.url}\n${ref.dataset}`;
      let destination = open.get(key);
      if (!destination) {
        const password = rememberedPasswordFor(ref.url);
        // The database drivers load with the first destination, not with the worker.
        destination = import('../engine/destinations/create-destination')
          .then(({ createDestination }) => createDestination({ url: ref.url, dataset: ref.dataset, password }))
          .then(async (d) => {
            await d.ensureSystemTables();
            return d;
          });
        destination.catch(() => open.delete(key));
        open.set(key, destination);
      }
      return destination;
    },
    async closeAll() {
      const all = [...open.values()];
      open.clear();
      await Promise.all(all.map(async (d) => (await d.catch(() => undefined))?.close()));
    },
  };
}
