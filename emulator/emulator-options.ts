/** A way the emulator can misbehave: an HTTP status, a body cut short, a dropped connection, or an HTML error page. */
export type FaultKind = '429' | '500' | '502' | '503' | '504' | 'truncated' | 'reset' | 'html';

/** Every {@link FaultKind}. */
export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '502', '503', '504', 'truncated', 'reset', 'html'];

/** Random fault injection on data requests. */
export interface FaultOptions {
  /** The probability, from 0 to 1, that a data request fails. */
  rate: number;
  /** The kinds to choose from, uniformly (default: all of them). */
  kinds?: FaultKind[];
  /** The Retry-After of injected 429s (default 1). */
  retryAfterSeconds?: number;
}

/** Record counts of every dataset the emulator serves. */
export interface EmulatorSizes {
  /** Seeds 000 and 001: `/v1/files`. */
  files: number;
  /** Seed 004: `/v1/resource`. */
  resource: number;
  /** Seed 002: `/v1/events`. */
  events: number;
  /** Seed 002: `/v1/events?stream_type=admin_logs`. */
  admin_logs: number;
  sign_templates: number;
  sign_requests: number;
  /** Seed 002: `/v1/collections`; collection k holds 150, 40 or 0 items as k % 3 is 0, 1 or 2. */
  collections: number;
  /** Seed 002: `/v1/folders/0/items`; every third entry is a folder, the rest are files. */
  folder_items: number;
  /** Seed 002: `/v1/recent_items` entries; they revisit about 40% as many distinct files. */
  recent_items: number;
  trashed_items: number;
  users: number;
  /** Seed 003: `/v2/<name>` for each name. */
  v2_files: number;
  v2_connections: number;
  v2_datasets: number;
  v2_members: number;
  v2_teams: number;
  v2_templates: number;
  v2_workspaces: number;
  v2_workbooks: number;
}

/**
 * Default sizes: with the seeds' limit of 100 they give multi-page runs, short last pages (350, 250, 230), exact
 * multiples that end on an empty page (v2_connections, v2_teams), empty datasets (v2_datasets) and a
 * two-page run at limit 1000 (trashed_items).
 */
export const DEFAULT_SIZES: Readonly<EmulatorSizes> = {
  files: 350,
  resource: 250,
  events: 230,
  admin_logs: 140,
  sign_templates: 120,
  sign_requests: 230,
  collections: 3,
  folder_items: 260,
  recent_items: 150,
  trashed_items: 1200,
  users: 230,
  v2_files: 250,
  v2_connections: 100,
  v2_datasets: 0,
  v2_members: 37,
  v2_teams: 200,
  v2_templates: 5,
  v2_workspaces: 120,
  v2_workbooks: 99,
};

/** Options for {@link startEmulator}. */
export interface EmulatorOptions {
  /** 0 picks a free port (default 0); the host is always 127.0.0.1. */
  port?: number;
  /** Delay added to every data request (default 0). */
  latencyMs?: number;
  /** Accepted client id (default `sluice-client`). */
  clientId?: string;
  /** Accepted client secret (default `sluice-secret`). */
  clientSecret?: string;
  /** Accepted refresh token (default `sluice-refresh`). */
  refreshToken?: string;
  /** `expires_in` of issued tokens (default 3600). */
  tokenTtlSeconds?: number;
  /** A token answers 401 after this many data requests (default: unlimited). */
  tokenMaxUses?: number;
  /** Record counts per dataset, over {@link DEFAULT_SIZES}. */
  sizes?: Partial<EmulatorSizes>;
  /** Random fault injection, off by default. */
  faults?: FaultOptions;
  /** Seed of the data and of the faults (default 1). */
  seed?: number;
}

/** Options with every default filled in and every value checked. */
export interface ResolvedOptions {
  port: number;
  latencyMs: number;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  tokenTtlSeconds: number;
  tokenMaxUses: number | undefined;
  sizes: EmulatorSizes;
  faults: Required<FaultOptions>;
  seed: number;
}

function check(ok: boolean, field: string, rule: string): void {
  if (!ok) throw new RangeError(`EmulatorOptions.${field} ${rule}`);
}

const isCount = (value: number) => Number.isSafeInteger(value) && value >= 0;

/** Fills in defaults and rejects bad values with a message that names the field. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const sizes = { ...DEFAULT_SIZES };
  for (const [name, value] of Object.entries(options.sizes ?? {})) {
    check(name in DEFAULT_SIZES, `sizes.${name}`, `is not a dataset; known: ${Object.keys(DEFAULT_SIZES).join(', ')}`);
    check(isCount(value), `sizes.${name}`, 'must be a non-negative integer');
    sizes[name as keyof EmulatorSizes] = value;
  }
  const resolved: ResolvedOptions = {
    port: options.port ?? 0,
    latencyMs: options.latencyMs ?? 0,
    clientId: options.clientId ?? 'sluice-client',
    clientSecret: options.clientSecret ?? 'sluice-secret',
    refreshToken: options.refreshToken ?? 'sluice-refresh',
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    tokenMaxUses: options.tokenMaxUses,
    sizes,
    faults: {
      rate: options.faults?.rate ?? 0,
      kinds: options.faults?.kinds ?? [...FAULT_KINDS],
      retryAfterSeconds: options.faults?.retryAfterSeconds ?? 1,
    },
    seed: options.seed ?? 1,
  };
  check(isCount(resolved.port) && resolved.port <= 65535, 'port', 'must be an integer from 0 to 65535');
  check(Number.isFinite(resolved.latencyMs) && resolved.latencyMs >= 0, 'latencyMs', 'must be a non-negative number');
  check(isCount(resolved.tokenTtlSeconds), 'tokenTtlSeconds', 'must be a non-negative integer');
  check(
    resolved.tokenMaxUses === undefined || isCount(resolved.tokenMaxUses),
    'tokenMaxUses',
    'must be a non-negative integer',
  );
  check(resolved.faults.rate >= 0 && resolved.faults.rate <= 1, 'faults.rate', 'must be a number from 0 to 1');
  check(resolved.faults.kinds.length > 0, 'faults.kinds', 'must not be empty');
  for (const [i, kind] of resolved.faults.kinds.entries()) {
    check(FAULT_KINDS.includes(kind), `faults.kinds[${i}]`, `must be one of ${FAULT_KINDS.join(', ')}`);
  }
  check(isCount(resolved.faults.retryAfterSeconds), 'faults.retryAfterSeconds', 'must be a non-negative integer');
  check(Number.isSafeInteger(resolved.seed), 'seed', 'must be an integer');
  return resolved;
}
