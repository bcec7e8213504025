import { lazyCollection, type Collection } from './collection';
import { fileName, fileSize, randomTime, timeAfter } from './fake-values';
import { recordRng } from './random';

const ADJECTIVES = ['quiet', 'rapid', 'amber', 'hollow', 'bright', 'silver', 'distant', 'gentle'];
const NOUNS = ['river', 'engine', 'harbor', 'signal', 'meadow', 'lantern', 'circuit', 'summit'];
const CATEGORIES = ['alpha', 'beta', 'gamma', 'delta'];

/** Seeds 000 and 001, `/v1/files`: integer `file_id` from 1, with creation and modification times. */
export function filesDataset(seed: number, size: number): Collection {
  return lazyCollection(size, (i) => {
    const rng = recordRng(seed, 'files', i);
    const created = randomTime(rng);
    return {
      file_id: i + 1,
      file_name: fileName(rng, i + 1),
      file_size: fileSize(rng),
      created_at: created,
      last_modified: timeAfter(created, rng, 90),
    };
  });
}

/**
 * Seed 004, `/v1/resource`. Scores always have a fractional part, so that a destination that infers column types
 * from the first page sees a float there, as it would on every later page.
 */
export function resourceDataset(seed: number, size: number): Collection {
  return lazyCollection(size, (i) => {
    const rng = recordRng(seed, 'resource', i);
    return {
      id: i + 1,
      name: `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`,
      category: rng.pick(CATEGORIES),
      score: (rng.int(10_000) * 10 + 5) / 1000,
      active: rng.next() < 0.7,
      updated_at: randomTime(rng),
    };
  });
}
