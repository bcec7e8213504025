import { notFound } from './api-error';
import { comments, itemDetail, items, itemsByUpdate, type Generation } from './differential-data';
import { typesBody } from './differential-types';
import { RawReply } from './raw-reply';
import type { Routes } from './flat-routes';

/** Page size of every paginated differential route. */
const PAGE = 4;

const reply = (body: unknown, headers: Record<string, string> = {}) => new RawReply(JSON.stringify(body), headers);
const int = (query: URLSearchParams, name: string, fallback: number) => Number(query.get(name) ?? fallback) || fallback;
/** Cursors are opaque tokens for a position. */
const cursorFor = (position: number) => `c${position * 7 + 3}`;
const positionOf = (cursor: string | null) => (cursor ? (Number(cursor.slice(1)) - 3) / 7 : 0);

type Handler = (query: URLSearchParams, g: Generation, base: string) => RawReply | undefined;

/** Item routes, one per pagination style: `/diff/g<N>/<style>/items`. */
const STYLES: Record<string, Handler> = {
  offset: (q, g) => {
    const all = items(g);
    const offset = int(q, 'offset', 0);
    return reply({ items: all.slice(offset, offset + int(q, 'limit', PAGE)), total: all.length });
  },
  page: (q, g) => {
    const all = items(g);
    const page = int(q, 'page', 1);
    const size = int(q, 'per_page', PAGE);
    return reply({ data: all.slice((page - 1) * size, page * size), page, total_pages: Math.ceil(all.length / size) });
  },
  // Pages from 0, the page number a client that detected `total_pages` counts from.
  pages0: (q, g) => {
    const all = items(g);
    const page = Number(q.get('page') ?? 0);
    return reply({ data: all.slice(page * PAGE, (page + 1) * PAGE), total_pages: Math.ceil(all.length / PAGE) });
  },
  'json-link': (q, g, base) => {
    const all = items(g);
    const after = int(q, 'after', 0);
    const next = after + PAGE < all.length ? `${base}/json-link/items?after=${after + PAGE}` : null;
    return reply({ results: all.slice(after, after + PAGE), next });
  },
  'next-page': (q, g, base) => {
    const all = items(g);
    const start = int(q, 'start', 0);
    const next_page = start + PAGE < all.length ? `${base}/next-page/items?start=${start + PAGE}` : null;
    return reply({ data: all.slice(start, start + PAGE), next_page });
  },
  'next-href': (q, g, base) => {
    const all = items(g);
    const start = int(q, 'start', 0);
    const href = start + PAGE < all.length ? `${base}/next-href/items?start=${start + PAGE}` : null;
    return reply({ count: all.length, items: all.slice(start, start + PAGE), next: { href } });
  },
  'header-link': (q, g, base) => {
    const all = items(g);
    const page = int(q, 'page', 1);
    const more = page * PAGE < all.length;
    const link = `<${base}/header-link/items?page=${page + 1}>; rel="next", <${base}/header-link/items?page=1>; rel="first"`;
    return new RawReply(JSON.stringify(all.slice((page - 1) * PAGE, page * PAGE)), more ? { link } : {});
  },
  'header-cursor': (q, g) => {
    const all = items(g);
    const at = positionOf(q.get('cursor'));
    const headers: Record<string, string> = at + PAGE < all.length ? { next: cursorFor(at + PAGE) } : {};
    return new RawReply(JSON.stringify(all.slice(at, at + PAGE)), headers);
  },
  cursor: (q, g) => {
    const all = items(g);
    const at = positionOf(q.get('cursor'));
    const next = at + PAGE < all.length ? cursorFor(at + PAGE) : null;
    return reply({ data: all.slice(at, at + PAGE), cursors: { next } });
  },
  'next-cursor': (q, g) => {
    const all = items(g);
    const at = positionOf(q.get('cursor'));
    const next_cursor = at + PAGE < all.length ? cursorFor(at + PAGE) : null;
    return reply({ data: all.slice(at, at + PAGE), next_cursor });
  },
  single: (_q, g) => reply({ data: items(g) }),
  list: (_q, g) => reply(items(g)),
  nested: (_q, g) => reply({ meta: { links: [{ rel: 'self' }] }, response: { payload: { records: items(g) } } }),
  wrapped: (_q, g) => reply({ facets: [{ name: 'tag', count: 2 }], entities: items(g), status: 'ok' }),
  since: (q, g) => {
    const since = q.get('updated_since') ?? '';
    const until = q.get('updated_until');
    const all = itemsByUpdate(g).filter((i) => i.updated_at >= since && (until === null || i.updated_at < until));
    const offset = int(q, 'offset', 0);
    return reply({ data: all.slice(offset, offset + int(q, 'limit', 100)), total: all.length });
  },
};

function itemRoute(rest: string, q: URLSearchParams, g: Generation): RawReply | undefined {
  const item = (id: string | undefined) => items(g).find((i) => String(i.id) === id) ?? notFoundItem(id);
  let m = /^\/items\/([^/]+)\/comments$/.exec(rest);
  if (m) return reply({ data: comments(item(m[1]).id, g) });
  if (rest === '/comments') return reply({ data: comments(item(q.get('item_id') ?? undefined).id, g) });
  m = /^\/items\/([^/]+)$/.exec(rest);
  if (m) return reply(itemDetail(item(m[1]), g));
  m = /^\/owners\/([^/]+)\/items\/([^/]+)$/.exec(rest);
  if (m) {
    const found = item(m[2]);
    if (String((found.owner as { id: number }).id) !== m[1]) throw notFound(`item ${m[2]} is not owned by ${m[1]}`);
    return reply(itemDetail(found, g));
  }
  m = /^\/types\/([a-z]+)$/.exec(rest);
  const text = m ? typesBody(m[1]!, g) : undefined;
  return text === undefined ? undefined : new RawReply(text);
}

function notFoundItem(id: string | undefined): never {
  throw notFound(`no item ${String(id)}`);
}

/** The differential suite's API: `/diff/g1/…` serves the first generation of its data, `/diff/g2/…` the second. */
export function differentialRoutes(): Routes {
  return (path, query) => {
    const m = /^\/diff\/g([12])(\/.*)$/.exec(path);
    if (!m) return undefined;
    const g = Number(m[1]) as Generation;
    const rest = m[2]!;
    const base = `/diff/g${g}`;
    const style = /^\/([a-z0-9-]+)\/items$/.exec(rest)?.[1];
    const handler = style === undefined ? undefined : STYLES[style];
    return handler ? handler(query, g, base) : itemRoute(rest, query, g);
  };
}
