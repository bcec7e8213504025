/** Live counters of an emulator; `resetStats()` zeroes them in place, so a held reference stays live. */
export interface EmulatorStats {
  /** Data requests (every request except token requests), answered or not. */
  requests: number;
  /** Requests to a token endpoint. */
  tokenRequests: number;
  /** Injected faults, random and targeted. */
  faults: number;
  /** Injected faults by kind (`503`, `truncated`, …). */
  faultsByKind: Record<string, number>;
  /** Requests by path (without the query string), token paths included. */
  byPath: Record<string, number>;
  /** Answers by HTTP status; a reset connection has none. */
  statuses: Record<string, number>;
  /** Data requests being answered now, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  /** When each data request arrived (epoch ms), for measuring rates over windows. */
  requestTimes: number[];
}

/** Zeroed counters. */
export function createStats(): EmulatorStats {
  return {
    requests: 0,
    tokenRequests: 0,
    faults: 0,
    faultsByKind: {},
    byPath: {},
    statuses: {},
    inFlight: 0,
    maxInFlight: 0,
    requestTimes: [],
  };
}

/** Zeroes counters in place. */
export function clearStats(stats: EmulatorStats): void {
  Object.assign(stats, createStats());
}

/** Adds one to a counter of a tally. */
export function bump(tally: Record<string, number>, key: string | number): void {
  tally[key] = (tally[key] ?? 0) + 1;
}
