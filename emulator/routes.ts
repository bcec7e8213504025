import { analyticsCollection, filesCollection, resourceCollection, slice, type Collection } from './datasets';
import type { BoxApi } from './box-api';

/** A JSON answer of a data route, or undefined when no route matches. */
export type RouteResult = { status: number; body: unknown } | undefined;

const SEED_003 = ['files', 'connections', 'datasets', 'members', 'teams', 'templates', 'workspaces', 'workbooks'];
/** Record counts of seed 003's resources: multi-page, an exact multiple, empty, short. */
export const SEED_003_SIZES: Record<string, number> = { files: 250, connections: 100, datasets: 0, members: 37, teams: 120, templates: 5, workspaces: 200, workbooks: 99 };

const encodeMarker = (offset: number) => Buffer.from(`m:${offset}`).toString('base64url');
const decodeMarker = (marker: string | null) => (marker ? Number(Buffer.from(marker, 'base64url').toString().slice(2)) || 0 : 0);

function int(value: string | null, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** The data collections and routes of every seed's API. */
export function createRoutes(seed: number, sizes: Record<string, number>, box: BoxApi) {
  const files = filesCollection(sizes.files ?? 350, seed);
  const resource = resourceCollection(sizes.resource ?? 250, seed);
  const analytics = Object.fromEntries(SEED_003.map((name) => [name, analyticsCollection(name, sizes[`v2_${name}`] ?? SEED_003_SIZES[name]!, seed)]));

  const offsetPage = (collection: Collection, query: URLSearchParams, key = 'entries', total = 'total_count') => {
    const offset = int(query.get('offset'), 0);
    const limit = Math.min(int(query.get('limit'), 100), 1000);
    return { status: 200, body: { [key]: slice(collection, offset, limit), [total]: collection.size, offset, limit } };
  };
  const markerPage = (records: Array<Record<string, unknown>> | Collection, query: URLSearchParams) => {
    const offset = decodeMarker(query.get('marker'));
    const limit = Math.min(int(query.get('limit'), 100), 1000);
    const list = Array.isArray(records) ? records.slice(offset, offset + limit) : slice(records, offset, limit);
    const size = Array.isArray(records) ? records.length : records.size;
    return { status: 200, body: { entries: list, limit, next_marker: offset + limit < size ? encodeMarker(offset + limit) : null } };
  };
  const streamPage = (collection: Collection, query: URLSearchParams) => {
    const position = int(query.get('stream_position'), 0);
    const limit = Math.min(int(query.get('limit'), 100), 500);
    const entries = slice(collection, position, limit);
    return { status: 200, body: { chunk_size: entries.length, next_stream_position: position + entries.length, entries } };
  };

  return function route(path: string, query: URLSearchParams): RouteResult {
    if (path === '/v1/files') return offsetPage(files, query, 'files', 'total');
    if (path === '/v1/resource') {
      const page = offsetPage(resource, query, 'data');
      return { status: 200, body: { data: (page.body as Record<string, unknown>).data } };
    }
    const v2 = /^\/v2\/(\w+)$/.exec(path);
    if (v2 && analytics[v2[1]!]) {
      const page = int(query.get('page'), 1);
      const limit = Math.min(int(query.get('limit'), 100), 1000);
      return { status: 200, body: { entries: slice(analytics[v2[1]!]!, Math.max(0, page - 1) * limit, limit), page, limit } };
    }
    const c = box.collections;
    if (path === '/v1/events') return streamPage(query.get('stream_type') === 'admin_logs' ? c.admin_logs! : c.events!, query);
    if (path === '/v1/sign_templates') return markerPage(c.sign_templates!, query);
    if (path === '/v1/sign_requests') return markerPage(c.sign_requests!, query);
    if (path === '/v1/recent_items') return markerPage(c.recent_items!, query);
    if (path === '/v1/collections') return offsetPage(c.collections!, query);
    if (path === '/v1/folders/0/items') return offsetPage(c.folder_items!, query);
    if (path === '/v1/folders/trash/items') return offsetPage(c.trash!, query);
    if (path === '/v1/users') return offsetPage(c.users!, query);
    const child = /^\/v1\/(collections|files|folders)\/(\d+)\/(items|collaborations|comments|tasks)$/.exec(path);
    if (child) {
      const [, kind, id, what] = child as unknown as [string, string, string, string];
      if (kind === 'collections' && what === 'items' && box.collectionItems[id]) return offsetPage(box.collectionItems[id]!, query);
      const known = kind === 'files' ? box.fileIds().includes(id) : kind === 'folders' ? box.folderIds().includes(id) : false;
      if (!known) return { status: 404, body: { type: 'error', status: 404, code: 'not_found', message: `no ${kind.slice(0, -1)} ${id}` } };
      if (what === 'collaborations') return markerPage(box.children(kind === 'files' ? 'file_collaborations' : 'folder_collaborations', id), query);
      if (kind === 'files' && what === 'comments') {
        const list = box.children('file_comments', id);
        const offset = int(query.get('offset'), 0);
        const limit = int(query.get('limit'), 100);
        return { status: 200, body: { entries: list.slice(offset, offset + limit), total_count: list.length, offset, limit } };
      }
      if (kind === 'files' && what === 'tasks') {
        const tasks = box.tasks(id);
        return { status: 200, body: { total_count: tasks.length, entries: tasks } };
      }
    }
    return undefined;
  };
}
