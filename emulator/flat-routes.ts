import { ANALYTICS_RESOURCES, type AnalyticsResource } from './analytics-datasets';
import { sliceCollection } from './collection';
import type { Datasets } from './datasets';
import { numberedPage, readOffsetWindow } from './pagination';

/** A route table: the JSON body for a path and query, or undefined when the path is not one of its routes. */
export type Routes = (path: string, query: URLSearchParams) => unknown;

const isAnalytics = (name: string): name is AnalyticsResource =>
  (ANALYTICS_RESOURCES as readonly string[]).includes(name);

/**
 * Seeds 000/001 (`/v1/files`: offset pages with `total`), 004 (`/v1/resource`: offset pages with no total, so
 * clients stop on a short or empty page; `updated_since` filters for incremental loads) and 003 (`/v2/<name>`: page
 * numbers from 1, no total).
 */
export function flatRoutes(datasets: Datasets): Routes {
  return (path, query) => {
    if (path === '/v1/files') {
      const { offset, limit } = readOffsetWindow(query);
      return { files: sliceCollection(datasets.files, offset, limit), total: datasets.files.size, offset, limit };
    }
    if (path === '/v1/resource') {
      const { offset, limit } = readOffsetWindow(query);
      const since = query.get('updated_since');
      if (since === null) return { data: sliceCollection(datasets.resource, offset, limit) };
      const recent = sliceCollection(datasets.resource, 0, datasets.resource.size).filter(
        (r) => String(r.updated_at) >= since,
      );
      return { data: recent.slice(offset, offset + limit) };
    }
    // Seed 003's base URL ends in /v2; the same API answers without the prefix when only the host is overridden.
    const v2 = /^(?:\/v2)?\/([a-z]+)$/.exec(path)?.[1];
    if (v2 !== undefined && isAnalytics(v2)) return numberedPage(datasets.analytics[v2], query);
    return undefined;
  };
}
