import { createBoxChildren, type BoxChildren } from './box-children';
import { createBoxFolder, type BoxFolder } from './box-folder';
import { boxId, parseBoxId } from './box-ids';
import { boxUsers, randomUserRef } from './box-users';
import { lazyCollection, type Collection } from './collection';
import type { EmulatorSizes } from './emulator-options';
import { fileName, personEmail, randomTime, sequentialTime } from './fake-values';
import { recordRng } from './random';

const EVENT_TYPES = [
  'ITEM_CREATE',
  'ITEM_UPLOAD',
  'ITEM_PREVIEW',
  'ITEM_MOVE',
  'COLLABORATION_INVITE',
  'COMMENT_CREATE',
];
const ADMIN_EVENT_TYPES = [
  'ADMIN_LOGIN',
  'ADD_LOGIN_ACTIVITY_DEVICE',
  'CHANGE_ADMIN_ROLE',
  'GROUP_ADD_USER',
  'DELETE_USER',
];
const COLLECTIONS = [
  { name: 'Favorites', items: 150 },
  { name: 'Projects', items: 40 },
  { name: 'Archive', items: 0 },
];
/** Collection items are numbered `collection * 1000 + k`, which holds as long as no collection has 1000 items. */
const ITEMS_PER_COLLECTION_BLOCK = 1000;

/** Every dataset of seed 002's Box-like API. */
export interface BoxDataset extends BoxChildren {
  events: Collection;
  adminLogs: Collection;
  signTemplates: Collection;
  signRequests: Collection;
  collections: Collection;
  users: Collection;
  trashedItems: Collection;
  folder: BoxFolder;
  /** The items of the collection with this id, or undefined for an unknown id. */
  collectionItems(collectionId: string): Collection | undefined;
}

/** Builds seed 002's datasets; nothing is generated until a record is asked for. */
export function createBoxDataset(seed: number, sizes: EmulatorSizes): BoxDataset {
  const users = sizes.users;
  const rngOf = (name: string, i: number) => recordRng(seed, `box.${name}`, i);
  const shape = (c: number) => COLLECTIONS[c % COLLECTIONS.length]!;

  const stream = (name: string, kind: 'event' | 'adminLog', size: number, types: string[]) =>
    lazyCollection(size, (i) => {
      const rng = rngOf(name, i);
      const event: Record<string, unknown> = {
        id: boxId(kind, i + 1),
        type: 'event',
        event_type: rng.pick(types),
        created_at: sequentialTime(i, rng),
        created_by: randomUserRef(rng, users),
      };
      if (kind === 'adminLog') event.ip_address = `10.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}`;
      return event;
    });

  return {
    ...createBoxChildren(seed, users),
    events: stream('events', 'event', sizes.events, EVENT_TYPES),
    adminLogs: stream('admin_logs', 'adminLog', sizes.admin_logs, ADMIN_EVENT_TYPES),
    signTemplates: lazyCollection(sizes.sign_templates, (i) => {
      const rng = rngOf('sign_templates', i);
      return {
        id: boxId('signTemplate', i + 1),
        type: 'sign-template',
        name: `Template ${i + 1}`,
        created_at: randomTime(rng),
        is_active: rng.next() < 0.85,
      };
    }),
    signRequests: lazyCollection(sizes.sign_requests, (i) => {
      const rng = rngOf('sign_requests', i);
      const signers = Array.from({ length: rng.int(2) + 1 }, (_, k) => ({
        email: personEmail(rng.int(Math.max(users, 1))),
        role: k === 0 ? 'signer' : 'approver',
      }));
      return {
        id: boxId('signRequest', i + 1),
        type: 'sign-request',
        status: rng.pick(['sent', 'viewed', 'signed', 'declined']),
        created_at: randomTime(rng),
        signers,
      };
    }),
    collections: lazyCollection(sizes.collections, (c) => ({
      id: boxId('collection', c + 1),
      type: 'collection',
      name: c < COLLECTIONS.length ? shape(c).name : `${shape(c).name} ${c + 1}`,
      collection_type: c === 0 ? 'favorites' : 'custom',
    })),
    users: boxUsers(seed, users),
    trashedItems: lazyCollection(sizes.trashed_items, (i) => {
      const rng = rngOf('trashed_items', i);
      const folder = rng.next() < 0.25;
      const trashed = randomTime(rng);
      return {
        id: boxId('trashedItem', i + 1),
        type: folder ? 'folder' : 'file',
        name: folder ? `Old folder ${i + 1}` : fileName(rng, i + 1),
        trashed_at: trashed,
        purged_at: new Date(Date.parse(trashed) + 30 * 86_400_000).toISOString(),
        item_status: 'trashed',
      };
    }),
    folder: createBoxFolder(seed, sizes.folder_items, sizes.recent_items),
    collectionItems(collectionId) {
      const n = parseBoxId('collection', collectionId);
      if (n === undefined || n > sizes.collections) return undefined;
      const c = n - 1;
      return lazyCollection(shape(c).items, (k) => {
        const rng = rngOf('collection_items', c * ITEMS_PER_COLLECTION_BLOCK + k);
        const folder = k % 4 === 3;
        return {
          id: boxId('collectionItem', c * ITEMS_PER_COLLECTION_BLOCK + k + 1),
          type: folder ? 'folder' : 'file',
          name: folder ? `Collected folder ${k + 1}` : fileName(rng, k + 1),
        };
      });
    },
  };
}
