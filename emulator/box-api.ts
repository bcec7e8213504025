import { random, slice, type Collection } from './datasets';

/**
 * Seed 002's Box-like API: stream positions with chunk_size, opaque markers ending in null, offsets with total_count,
 * mixed file/folder listings, per-file children, recent items wrapping items, and nested task assignments.
 */
export interface BoxApi {
  collections: Record<string, Collection>;
  collectionItems: Record<string, Collection>;
  fileIds(): string[];
  folderIds(): string[];
  children(kind: 'file_collaborations' | 'folder_collaborations' | 'file_comments', id: string): Array<Record<string, unknown>>;
  tasks(fileId: string): Array<Record<string, unknown>>;
}

const person = (n: number) => ({ id: String(5_000_000 + n), type: 'user', name: `User ${n}` });

function simple(size: number, seed: number, base: number, make: (i: number, rand: () => number) => Record<string, unknown>): Collection {
  return { size, record: (i) => ({ id: String(base + i), ...make(i, random(seed * 97 + base + i)) }) };
}

/** Builds the dataset; sizes come from the emulator's options. */
export function createBoxApi(seed: number, sizes: Record<string, number>): BoxApi {
  const at = (rand: () => number) => new Date(Date.UTC(2024, 5, 1) + Math.floor(rand() * 90 * 86_400_000)).toISOString();
  const folderItems = simple(sizes.folder_items ?? 260, seed, 1_000_000, (i, rand) => ({ type: i % 3 === 2 ? 'folder' : 'file', name: `entry ${i}`, size: Math.floor(rand() * 100000), modified_at: at(rand) }));
  const recentItemCount = 60;
  const collections: Record<string, Collection> = {
    events: simple(sizes.events ?? 230, seed, 2_000_000, (i, rand) => ({ type: 'event', event_type: ['ITEM_CREATE', 'ITEM_UPLOAD', 'COLLABORATION_INVITE'][i % 3], created_at: at(rand), created_by: person(i % 7) })),
    admin_logs: simple(sizes.admin_logs ?? 140, seed, 3_000_000, (i, rand) => ({ type: 'event', event_type: 'ADMIN_LOGIN', created_at: at(rand), created_by: person(i % 3) })),
    sign_templates: simple(sizes.sign_templates ?? 120, seed, 4_000_000, (i) => ({ type: 'sign-template', name: `template ${i}` })),
    sign_requests: simple(sizes.sign_requests ?? 230, seed, 4_500_000, (i) => ({ type: 'sign-request', status: ['sent', 'signed', 'declined'][i % 3] })),
    collections: simple(3, seed, 6_000_000, (i) => ({ type: 'collection', name: ['Favorites', 'Projects', 'Empty'][i], collection_type: i === 0 ? 'favorites' : 'custom' })),
    folder_items: folderItems,
    recent_items: { size: sizes.recent_items ?? 150, record: (i) => ({ type: 'recent_item', interaction_type: 'item_preview', interacted_at: at(random(seed + i)), item: folderItems.record((i * 7) % recentItemCount * 3) }) },
    trash: simple(sizes.trashed_items ?? 1200, seed, 7_000_000, (i) => ({ type: i % 2 ? 'file' : 'folder', name: `trashed ${i}`, item_status: 'trashed' })),
    users: simple(sizes.users ?? 230, seed, 8_000_000, (i, rand) => ({ type: 'user', name: `User ${i}`, login: `user${i}@example.com`, created_at: at(rand), status: 'active' })),
  };
  const collectionItems: Record<string, Collection> = {};
  [150, 40, 0].forEach((size, c) => {
    collectionItems[String(6_000_000 + c)] = simple(size, seed, 9_000_000 + c * 10_000, (i) => ({ type: i % 4 ? 'file' : 'folder', name: `collected ${c}-${i}` }));
  });
  const ids = (type: string) => slice(folderItems, 0, folderItems.size).filter((r) => r.type === type).map((r) => String(r.id));
  return {
    collections,
    collectionItems,
    fileIds: () => ids('file'),
    folderIds: () => ids('folder'),
    children(kind, id) {
      const n = Number(id) % (kind === 'file_comments' ? 5 : 4);
      const base = { file_collaborations: 10_000_000, folder_collaborations: 20_000_000, file_comments: 30_000_000 }[kind] + (Number(id) - 1_000_000) * 10;
      return Array.from({ length: n }, (_, i) =>
        kind === 'file_comments'
          ? { id: String(base + i), type: 'comment', message: `comment ${i} on ${id}`, created_by: person(i) }
          : { id: String(base + i), type: 'collaboration', role: ['editor', 'viewer', 'owner'][i % 3], status: 'accepted', accessible_by: person(i + 1) },
      );
    },
    tasks(fileId) {
      const n = Number(fileId) % 3;
      const base = 40_000_000 + (Number(fileId) - 1_000_000) * 100;
      return Array.from({ length: n }, (_, t) => {
        const assignments = Array.from({ length: (Number(fileId) + t) % 4 }, (_, a) => ({ id: String(base + t * 10 + a + 50), type: 'task_assignment', status: ['incomplete', 'completed'][a % 2], assigned_to: person(a) }));
        return { id: String(base + t), type: 'task', message: `review ${fileId}`, task_assignment_collection: { total_count: assignments.length, entries: assignments } };
      });
    },
  };
}
