/** Seeded pseudo-random numbers, so that the emulator's data and faults depend only on its seed. */

/** A seeded source of random choices. */
export interface Rng {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, max). */
  int(max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: a small, fast 32-bit generator with a good enough spread for test data. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** murmur3's finaliser: spreads nearby inputs (seed 1 and 2, record 7 and 8) far apart. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The random stream of record `index` of the dataset `name`. It is a pure function of (seed, name, index), which is
 * what lets any record be generated on demand, in any order, without generating the ones before it.
 */
export function recordRng(seed: number, name: string, index: number): Rng {
  const low = index >>> 0;
  const high = Math.floor(index / 4294967296) >>> 0;
  return createRng(mix((mix(mix((seed >>> 0) ^ hashString(name)) ^ low) + high) >>> 0));
}
