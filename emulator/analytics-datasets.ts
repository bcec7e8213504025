import { lazyCollection, type Collection } from './collection';
import { personEmail, personName, randomTime, timeAfter } from './fake-values';
import { recordRng, type Rng } from './random';

/** Seed 003's resources, each served at `/v2/<name>`. */
export const ANALYTICS_RESOURCES = [
  'files',
  'connections',
  'datasets',
  'members',
  'teams',
  'templates',
  'workspaces',
  'workbooks',
] as const;

/** One of seed 003's resource names. */
export type AnalyticsResource = (typeof ANALYTICS_RESOURCES)[number];

const TAGS = ['finance', 'ops', 'sales', 'eng', 'marketing', 'legal'];
const OWNERS = 25;

/** The id prefix and the resource-specific fields of each resource (camelCase, as this API writes them). */
const SHAPES: Record<AnalyticsResource, { prefix: string; extra(rng: Rng, n: number): Record<string, unknown> }> = {
  files: {
    prefix: 'file',
    extra: (rng) => ({
      sizeBytes: rng.int(10_000_000),
      mimeType: rng.pick(['text/csv', 'application/pdf', 'image/png']),
    }),
  },
  connections: {
    prefix: 'conn',
    extra: (rng) => ({ type: rng.pick(['snowflake', 'bigquery', 'postgres', 'redshift']), isActive: rng.next() < 0.8 }),
  },
  datasets: {
    prefix: 'ds',
    extra: (rng) => ({ rowCount: rng.int(1_000_000), connectionId: `conn_${rng.int(100) + 1}` }),
  },
  members: {
    prefix: 'mem',
    extra: (rng, n) => ({ email: personEmail(n + 100), role: rng.pick(['admin', 'editor', 'viewer']) }),
  },
  teams: { prefix: 'team', extra: (rng) => ({ memberCount: rng.int(40) + 1 }) },
  templates: { prefix: 'tpl', extra: (rng) => ({ category: rng.pick(['report', 'dashboard', 'notebook']) }) },
  workspaces: { prefix: 'ws', extra: (rng) => ({ visibility: rng.pick(['private', 'shared', 'public']) }) },
  workbooks: { prefix: 'wb', extra: (rng, n) => ({ path: `/Workbooks/Workbook ${n}`, version: rng.int(20) + 1 }) },
};

/**
 * Seed 003, `/v2/<name>`: string ids, camelCase timestamps, a nested `owner`, a list of `tags`, and a `description`
 * that is null on every fifth record (never on the first, so no column is null throughout).
 */
export function analyticsDataset(seed: number, name: AnalyticsResource, size: number): Collection {
  const shape = SHAPES[name];
  return lazyCollection(size, (i) => {
    const rng = recordRng(seed, `v2.${name}`, i);
    const n = i + 1;
    const owner = rng.int(OWNERS);
    const createdAt = randomTime(rng);
    return {
      id: `${shape.prefix}_${n}`,
      name: `${name.slice(0, 1).toUpperCase()}${name.slice(1, -1)} ${n}`,
      createdAt,
      updatedAt: timeAfter(createdAt, rng, 60),
      owner: { id: owner + 1, name: personName(owner), email: personEmail(owner) },
      tags: TAGS.filter(() => rng.next() < 0.3),
      description: i % 5 === 4 ? null : `${name} record ${n}`,
      ...shape.extra(rng, n),
    };
  });
}
