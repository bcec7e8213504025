import { boxId, parseBoxId } from './box-ids';
import { lazyCollection, type Collection } from './collection';
import { fileName, fileSize, randomTime, timeAfter } from './fake-values';
import { recordRng } from './random';

const FOLDER_WORDS = ['Projects', 'Archive', 'Shared', 'Clients', 'Photos', 'Reports', 'Templates', 'Legal'];
const INTERACTIONS = ['item_preview', 'item_upload', 'item_comment', 'item_open', 'item_modify'];
const ROOT = { id: '0', type: 'folder', name: 'All Files' };

/** Whether entry `index` of the root listing is a folder: every third one is, which makes about 2/3 files. */
export function isFolderEntry(index: number): boolean {
  return index % 3 === 2;
}

/** The root folder's listing, and the recent items that point into its files. */
export interface BoxFolder {
  /** `/v1/folders/0/items`: files and folders mixed. */
  items: Collection;
  /** `/v1/recent_items`: entries that revisit the same files, so one item appears on several entries. */
  recentItems: Collection;
  /** The listing index of the file or folder with this id, or undefined when no entry of that type has it. */
  find(id: string, type: 'file' | 'folder'): number | undefined;
}

/** The listing index of the `ordinal`-th file (from 0), given that every third entry is a folder. */
const fileEntryIndex = (ordinal: number) => Math.floor(ordinal / 2) * 3 + (ordinal % 2);

/** Builds the root listing of `itemCount` entries and `recentCount` recent items. */
export function createBoxFolder(seed: number, itemCount: number, recentCount: number): BoxFolder {
  const items = lazyCollection(itemCount, (i) => {
    const rng = recordRng(seed, 'box.items', i);
    const folder = isFolderEntry(i);
    const created = randomTime(rng);
    return {
      id: boxId('item', i + 1),
      type: folder ? 'folder' : 'file',
      name: folder ? `${rng.pick(FOLDER_WORDS)} ${i + 1}` : fileName(rng, i + 1),
      size: folder ? rng.int(5_000_000_000) : fileSize(rng),
      created_at: created,
      modified_at: timeAfter(created, rng, 120),
      parent: ROOT,
    };
  });

  const fileCount = itemCount - Math.floor(itemCount / 3);
  const distinct = Math.min(fileCount, Math.max(1, Math.round(recentCount * 0.4)));
  // A step coprime with `distinct` visits every distinct file once per round, in a shuffled-looking order.
  const step = distinct % 7 === 0 ? 1 : 7;
  const recentItems = lazyCollection(distinct === 0 ? 0 : recentCount, (i) => {
    const rng = recordRng(seed, 'box.recent_items', i);
    const file = items.record(fileEntryIndex((i * step) % distinct));
    return {
      type: 'recent_item',
      interaction_type: rng.pick(INTERACTIONS),
      interacted_at: randomTime(rng),
      // sequence_id grows with each visit, so only the last occurrence of an item is its current version.
      item: {
        id: file.id,
        type: 'file',
        name: file.name,
        size: file.size,
        sequence_id: String(Math.floor(i / distinct)),
      },
    };
  });

  return {
    items,
    recentItems,
    find(id, type) {
      const n = parseBoxId('item', id);
      if (n === undefined || n > itemCount) return undefined;
      return isFolderEntry(n - 1) === (type === 'folder') ? n - 1 : undefined;
    },
  };
}
