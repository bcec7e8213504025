import type { BoxDataset } from './box-dataset';
import { isFolderEntry } from './box-folder';
import { allRecords } from './collection';
import { keyBy, type TruthTable } from './truth-table';

type Row = Record<string, unknown>;

/**
 * Seed 002's ground truth, per resource of its config. The child resources follow their parents' records: files and
 * folders are the root listing split by `type`, and collections' items, files' collaborations, comments and task
 * assignments, and folders' collaborations are read for exactly those parents.
 */
export function boxTruth(box: BoxDataset): Record<string, TruthTable> {
  const fileIndexes: number[] = [];
  const folderIndexes: number[] = [];
  for (let i = 0; i < box.folder.items.size; i++) (isFolderEntry(i) ? folderIndexes : fileIndexes).push(i);
  const listing = (indexes: number[]) => indexes.map((i) => box.folder.items.record(i));
  const collections = allRecords(box.collections);
  return {
    events: keyBy(allRecords(box.events)),
    sign_templates: keyBy(allRecords(box.signTemplates)),
    collections: keyBy(collections),
    collection_items: keyBy(collections.flatMap((c) => allRecords(box.collectionItems(c.id as string)!))),
    sign_request: keyBy(allRecords(box.signRequests)),
    admin_logs: keyBy(allRecords(box.adminLogs)),
    files: keyBy(listing(fileIndexes)),
    file_collaborations: keyBy(fileIndexes.flatMap((i) => box.collaborations(i, 'file'))),
    folder_collaborations: keyBy(folderIndexes.flatMap((i) => box.collaborations(i, 'folder'))),
    file_comments: keyBy(fileIndexes.flatMap((i) => box.comments(i))),
    // Items recur across entries; keyBy keeps the last occurrence in page order.
    recent_items: keyBy(allRecords(box.folder.recentItems).map((entry) => entry.item as Row)),
    file_tasks: keyBy(
      fileIndexes.flatMap((i) =>
        box.tasks(i).flatMap((task) => (task.task_assignment_collection as { entries: Row[] }).entries),
      ),
    ),
    trashed_items: keyBy(allRecords(box.trashedItems)),
    users: keyBy(allRecords(box.users)),
    folders: keyBy(listing(folderIndexes)),
  };
}
