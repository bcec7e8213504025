import { createActivities, createDestinationPool, type ActivityDeps, type DestinationPool } from '../activities';
import { createSecretResolver } from '../engine/config/secrets';
import { createHttpClient, type HttpClient } from '../engine/http/http-client';
import { createFleetActivities, defaultWorkerIdentity, resolverNamingWorker } from './fleet';

/** Options for {@link createSluiceActivities}. */
export interface SluiceActivitiesOptions {
  /** The worker's own destination URL, which may carry the database password. */
  destination?: string;
  /** TOML secrets file (default `.sluice/secrets.toml`). */
  secretsFile?: string;
  /** The worker's identity, named by a missing secret's error (default `pid@host`, as Temporal's). */
  identity?: string;
}

/** sluice's activities with their dependencies, and a `close` that releases connections. */
export interface SluiceActivitiesBundle {
  activities: ReturnType<typeof createActivities> & ReturnType<typeof createFleetActivities>;
  http: HttpClient;
  destinations: DestinationPool;
  close(): Promise<void>;
}

/** The secrets and destinations of activities, from a worker's or a run's settings. */
export function settingsDeps(options: SluiceActivitiesOptions, identity: string): Omit<ActivityDeps, 'http'> {
  const secrets = resolverNamingWorker(
    createSecretResolver({ env: process.env, secretsFile: options.secretsFile }),
    identity,
  );
  const destinations = createDestinationPool({
    workerDestination: options.destination,
    secret: (name) => {
      try {
        return secrets.resolve(name);
      } catch {
        return undefined;
      }
    },
  });
  return { secrets, destinations };
}

/**
 * sluice's activities over `deps`, which they read at each call: a worker created before its run's settings are known
 * fills them in later.
 */
export function activitiesOver(deps: ActivityDeps): SluiceActivitiesBundle['activities'] {
  return { ...createActivities(deps), ...createFleetActivities() };
}

/** Creates sluice's activities, for a user's own worker. */
export function createSluiceActivities(options: SluiceActivitiesOptions = {}): SluiceActivitiesBundle {
  const http = createHttpClient();
  const deps = { http, ...settingsDeps(options, options.identity ?? defaultWorkerIdentity()) };
  return {
    activities: activitiesOver(deps),
    http,
    destinations: deps.destinations,
    async close() {
      http.close();
      await deps.destinations.closeAll();
    },
  };
}
