import type { BoxApi } from './box-api';
import { analyticsCollection, filesCollection, resourceCollection, slice, type Collection } from './datasets';
import { SEED_003_SIZES } from './routes';

/** The seeds the emulator serves. */
export type SeedId = '000' | '001' | '002' | '003' | '004';
type Table = Map<string | number, Record<string, unknown>>;

const byKey = (records: Array<Record<string, unknown>>, key = 'id'): Table => new Map(records.map((r) => [r[key] as string | number, r]));
const all = (collection: Collection) => slice(collection, 0, collection.size);

/** The exact records a correct sync of a seed loads, per resource, keyed by primary key. */
export function groundTruth(seed: SeedId, dataSeed: number, sizes: Record<string, number>, box: BoxApi): Record<string, Table> {
  switch (seed) {
    case '000':
      return { files: byKey(all(filesCollection(sizes.files ?? 350, dataSeed)), 'file_id') };
    case '001':
      return { cloud_storage_files: byKey(all(filesCollection(sizes.files ?? 350, dataSeed)), 'file_id') };
    case '004':
      return { resource_name: byKey(all(resourceCollection(sizes.resource ?? 250, dataSeed))) };
    case '003':
      return Object.fromEntries(Object.entries(SEED_003_SIZES).map(([name, size]) => [name, byKey(all(analyticsCollection(name, sizes[`v2_${name}`] ?? size, dataSeed)))]));
    case '002': {
      const c = box.collections;
      const items = all(c.folder_items!);
      const fileIds = box.fileIds();
      return {
        events: byKey(all(c.events!)),
        admin_logs: byKey(all(c.admin_logs!)),
        sign_templates: byKey(all(c.sign_templates!)),
        sign_request: byKey(all(c.sign_requests!)),
        collections: byKey(all(c.collections!)),
        collection_items: byKey(Object.values(box.collectionItems).flatMap(all)),
        files: byKey(items.filter((r) => r.type === 'file')),
        folders: byKey(items.filter((r) => r.type === 'folder')),
        file_collaborations: byKey(fileIds.flatMap((id) => box.children('file_collaborations', id))),
        folder_collaborations: byKey(box.folderIds().flatMap((id) => box.children('folder_collaborations', id))),
        file_comments: byKey(fileIds.flatMap((id) => box.children('file_comments', id))),
        recent_items: byKey(all(c.recent_items!).map((r) => r.item as Record<string, unknown>)),
        file_tasks: byKey(fileIds.flatMap((id) => box.tasks(id).flatMap((t) => (t.task_assignment_collection as { entries: Array<Record<string, unknown>> }).entries))),
        trashed_items: byKey(all(c.trash!)),
        users: byKey(all(c.users!)),
      };
    }
  }
}
