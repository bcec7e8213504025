import { boxId } from './box-ids';
import { lazyCollection, type Collection } from './collection';
import { personEmail, personName, randomTime } from './fake-values';
import { recordRng, type Rng } from './random';

/** A Box mini user, as it appears in `created_by`, `accessible_by` and `assigned_to`. */
export interface BoxUserRef {
  id: string;
  type: 'user';
  name: string;
}

/** Seed 002, `/v1/users`. */
export function boxUsers(seed: number, size: number): Collection {
  return lazyCollection(size, (i) => {
    const rng = recordRng(seed, 'box.users', i);
    return {
      id: boxId('user', i + 1),
      type: 'user',
      name: personName(i),
      login: personEmail(i),
      created_at: randomTime(rng),
      status: rng.next() < 0.9 ? 'active' : 'inactive',
    };
  });
}

/** A reference to a random one of `userCount` users, consistent with the `/v1/users` listing. */
export function randomUserRef(rng: Rng, userCount: number): BoxUserRef {
  const index = rng.int(Math.max(userCount, 1));
  return { id: boxId('user', index + 1), type: 'user', name: personName(index) };
}
