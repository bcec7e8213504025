import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatasets } from './datasets';
import { resolveOptions, type EmulatorOptions } from './emulator-options';
import { clearStats, createStats, type EmulatorStats } from './emulator-stats';
import { FaultPlan, type FailRule } from './fault-plan';
import { createRequestHandler } from './request-handler';
import { createRouter } from './router';
import { TokenStore } from './token-store';
import { groundTruth, type SeedId } from './truth';
import type { TruthTable } from './truth-table';

/** A running emulator of the five seeds' APIs on 127.0.0.1. */
export interface Emulator {
  /** The base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  port: number;
  /** Live counters. */
  stats: EmulatorStats;
  /**
   * Makes the next `count` requests whose path starts with `pathPrefix` fail with `status` (optionally with a
   * Retry-After header value in seconds), or in the way `kind` says (`reset`, `truncated`, `html`, …).
   */
  failNext(rule: FailRule): void;
  /** Ground truth: the exact records a correct sync of a seed must load, per resource name, keyed by primary key. */
  truth(seed: SeedId): Record<string, TruthTable>;
  /** Zeroes the counters. */
  resetStats(): void;
  /** Closes every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts the emulator; data is generated from `options.seed`, record by record, as requests ask for it. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const datasets = createDatasets(resolved.seed, resolved.sizes);
  const stats = createStats();
  const faults = new FaultPlan(resolved.faults, resolved.seed);
  const server = createServer(
    createRequestHandler({
      router: createRouter(datasets),
      tokens: new TokenStore({ ttlSeconds: resolved.tokenTtlSeconds, maxUses: resolved.tokenMaxUses }),
      faults,
      stats,
      credentials: resolved,
      latencyMs: resolved.latencyMs,
    }),
  );
  // Longer than clients' keep-alive, so that the server never closes a socket a client is about to reuse.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    failNext: (rule) => faults.failNext(rule),
    truth: (seed) => groundTruth(datasets, seed),
    resetStats: () => clearStats(stats),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
