import { badRequest, notFound } from './api-error';
import type { BoxDataset } from './box-dataset';
import { arrayCollection } from './collection';
import type { Routes } from './flat-routes';
import { markerPage, offsetPage, streamPage } from './pagination';

const EMPTY = arrayCollection([]);

/** The event stream chosen by `stream_type`: `admin_logs` is its own stream; `all` and `changes` are the user's. */
function eventStream(box: BoxDataset, query: URLSearchParams) {
  const type = query.get('stream_type') ?? 'all';
  if (type === 'admin_logs') return box.adminLogs;
  if (type === 'all' || type === 'changes') return box.events;
  throw badRequest(`stream_type must be all, changes or admin_logs, got ${JSON.stringify(type)}`);
}

/** Routes under `/v1/files/{id}` and `/v1/folders/{id}`; unknown ids, or a file id used as a folder's, are 404s. */
function itemRoute(
  box: BoxDataset,
  kind: 'file' | 'folder',
  id: string,
  child: string | undefined,
  query: URLSearchParams,
): unknown {
  const index = box.folder.find(id, kind);
  if (index === undefined) throw notFound(`no ${kind} with id ${id}`);
  if (child === undefined) return box.folder.items.record(index);
  if (child === 'collaborations') return markerPage(arrayCollection(box.collaborations(index, kind)), query);
  if (kind === 'file' && child === 'comments') return offsetPage(arrayCollection(box.comments(index)), query);
  if (kind === 'file' && child === 'tasks') {
    const tasks = box.tasks(index);
    return { total_count: tasks.length, entries: tasks };
  }
  // Sub-folders are empty: only the root folder has a listing.
  if (kind === 'folder' && child === 'items') return offsetPage(EMPTY, query);
  return undefined;
}

/** Seed 002's Box-like API under `/v1`. */
export function boxRoutes(box: BoxDataset): Routes {
  return (path, query) => {
    switch (path) {
      case '/v1/events':
        return streamPage(eventStream(box, query), query);
      case '/v1/sign_templates':
        return markerPage(box.signTemplates, query);
      case '/v1/sign_requests':
        return markerPage(box.signRequests, query);
      case '/v1/recent_items':
        return markerPage(box.folder.recentItems, query);
      case '/v1/collections':
        return offsetPage(box.collections, query);
      case '/v1/folders/0/items':
        return offsetPage(box.folder.items, query);
      case '/v1/folders/trash/items':
        return offsetPage(box.trashedItems, query);
      case '/v1/users':
        return offsetPage(box.users, query);
    }
    const collection = /^\/v1\/collections\/([^/]+)\/items$/.exec(path);
    if (collection) {
      const items = box.collectionItems(collection[1]!);
      if (!items) throw notFound(`no collection with id ${collection[1]}`);
      return offsetPage(items, query);
    }
    const item = /^\/v1\/(files|folders)\/([^/]+)(?:\/(collaborations|comments|tasks|items))?$/.exec(path);
    if (item) return itemRoute(box, item[1] === 'files' ? 'file' : 'folder', item[2]!, item[3], query);
    return undefined;
  };
}
