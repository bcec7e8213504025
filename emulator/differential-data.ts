/**
 * The small datasets the differential suite loads with sluice and with dlt. Each comes in two generations: the second
 * edits, inserts and deletes records of the first, so that a second run exercises merges, incremental cursors and
 * replaced child lists. Served under `/diff/g1` and `/diff/g2` (see differential-routes.ts).
 */

/** A generation of the data: 1 for the first run, 2 for the second. */
export type Generation = 1 | 2;

type Item = Record<string, unknown> & { id: number; updated_at: string };

const day = (month: number, date: number) => `2024-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;

function baseItem(id: number): Item {
  const owner = 1 + (id % 3);
  return {
    id,
    name: `item ${id}`,
    // Items 9 and 10 share the latest cursor value, so the incremental boundary holds two records.
    updated_at: `${day(1, Math.min(id, 9))}T10:00:00Z`,
    score: id + 0.25,
    qty: id * 10,
    owner: { id: owner, login: `user${owner}` },
    tags: id % 4 === 0 ? [] : [`t${id}`, 'shared'],
  };
}

/** Items 1–10; the second generation deletes 3, edits 5 and 7, and adds 11 and 12 (ordered by id). */
export function items(generation: Generation): Item[] {
  const out: Item[] = [];
  for (let id = 1; id <= 10; id++) out.push(baseItem(id));
  if (generation === 1) return out;
  const second = out.filter((item) => item.id !== 3);
  const five = second.find((item) => item.id === 5)!;
  Object.assign(five, {
    name: 'item 5 (edited)',
    updated_at: `${day(2, 5)}T10:00:00Z`,
    score: 55.5,
    owner: { id: 3, login: 'user3' },
    tags: ['t5', 'edited', 'more'],
  });
  Object.assign(
    second.find((item) => item.id === 7)!,
    { tags: [], updated_at: `${day(2, 7)}T10:00:00Z` },
  );
  for (const id of [11, 12]) second.push({ ...baseItem(id), updated_at: `${day(2, id)}T10:00:00Z` });
  return second;
}

/** Items ordered by their cursor, `updated_at`, then id. */
export function itemsByUpdate(generation: Generation): Item[] {
  return [...items(generation)].sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id);
}

/** An item's comments: `id % 3` of them; the second generation adds one to item 5 and drops item 4's. */
export function comments(itemId: number, generation: Generation): Array<Record<string, unknown>> {
  let count = itemId % 3;
  if (generation === 2 && itemId === 5) count += 1;
  if (generation === 2 && itemId === 4) count = 0;
  return Array.from({ length: count }, (_, k) => ({
    id: itemId * 100 + k,
    item_id: itemId,
    body: `comment ${k} on ${itemId}${generation === 2 && itemId === 5 ? ' (edited)' : ''}`,
    created_at: `${day(3, 1 + k)}T08:30:00Z`,
  }));
}

/** The detail of one item, as a single-entity endpoint returns it. */
export function itemDetail(item: Item, generation: Generation): Record<string, unknown> {
  return {
    item_id: item.id,
    owner_id: (item.owner as { id: number }).id,
    summary: `detail of ${String(item.name)}`,
    metrics: { views: item.id * 7 + (generation === 2 ? 1 : 0), likes: item.id % 5 },
  };
}
