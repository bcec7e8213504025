/** Deterministic, lazily generated records: record i of a collection is a pure function of (seed, i). */

/** mulberry32: a tiny seeded PRNG. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A collection of `size` records, generated on demand. */
export interface Collection {
  size: number;
  record(index: number): Record<string, unknown>;
}

function isoTime(rand: () => number): string {
  return new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 365 * 86_400_000)).toISOString();
}

/** Seeds 000 and 001: `/v1/files`. */
export function filesCollection(size: number, seed: number): Collection {
  return {
    size,
    record(i) {
      const rand = random(seed * 1_000_003 + i);
      const created = isoTime(rand);
      return { file_id: i + 1, file_name: `file_${i + 1}.dat`, file_size: Math.floor(rand() * 10_000_000), created_at: created, last_modified: isoTime(rand) };
    },
  };
}

/** Seed 004: `/v1/resource`. */
export function resourceCollection(size: number, seed: number): Collection {
  const categories = ['alpha', 'beta', 'gamma'];
  return {
    size,
    record(i) {
      const rand = random(seed * 7_000_001 + i);
      return { id: i + 1, name: `item ${i + 1}`, category: categories[i % 3], score: Math.round(rand() * 10_000) / 100, active: rand() > 0.3, updated_at: isoTime(rand) };
    },
  };
}

/** Seed 003: page-numbered analytics resources with nested `owner` objects and `tags` lists. */
export function analyticsCollection(name: string, size: number, seed: number): Collection {
  const offset = [...name].reduce((sum, c) => sum + c.charCodeAt(0), 0) * 100_000;
  return {
    size,
    record(i) {
      const rand = random(seed * 3_000_017 + offset + i);
      const owner = Math.floor(rand() * 20) + 1;
      const tags = ['finance', 'ops', 'sales', 'eng'].filter(() => rand() > 0.5);
      return { id: `${name.slice(0, 3)}_${i + 1}`, name: `${name} ${i + 1}`, createdAt: isoTime(rand), updatedAt: isoTime(rand), owner: { id: owner, name: `Owner ${owner}`, email: `owner${owner}@example.com` }, tags };
    },
  };
}

/** Records [offset, offset + limit) of a collection. */
export function slice(collection: Collection, offset: number, limit: number): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = offset; i < Math.min(collection.size, offset + limit); i++) out.push(collection.record(i));
  return out;
}
