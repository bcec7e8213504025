import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { WorkflowFailedError } from '@temporalio/client';
import { startSync } from '../../client/start-sync';
import { resolveSource } from '../../engine/config/resolve-source';
import type { JsonValue } from '../../engine/json';
import { readSqliteTable } from '../support/compare-table';
import { startHostileApi, type HostileApi } from '../support/hostile-api';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { readPostgresTable } from '../support/read-postgres';
import { syncOutcome } from '../support/sync-outcome';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

const NEGATIVE_TOKEN = 'tok-negative-expiry-77';
const PAGES = 3;
const CHILD_PATHS = ['/child/%7B%7B%207*6%20%7D%7D', '/child/%7B%7B%20%5B%5B0%5D*1000000%5D*1000000%20%7D%7D'];

/** A list nested 300 deep, as an API built to create 301 tables would send. */
function deepList(): JsonValue {
  let deep: JsonValue = ['bottom'];
  for (let i = 0; i < 299; i++) deep = [deep];
  return deep;
}

/** Where a sync wrote, read back as a user would. */
interface Target {
  name: string;
  url: (dataset: string) => string;
  rows: (dataset: string, table: string) => Promise<Array<Record<string, unknown>>>;
  tables: (dataset: string) => Promise<string[]>;
}

describe('data a hostile API sends, through a sync into each database', () => {
  let api: HostileApi;
  let postgres: TestPostgres;
  let fixture: SyncFixture;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-data-'));
  const run = process.pid;

  before(async () => {
    postgres = await startPostgres();
    fixture = await startSyncFixture({ name: 'hostile-data', destination: postgres.url });
    api = await startHostileApi({
      routes: {
        '/parents': () => ({ body: { items: [{ id: '{{ 7*6 }}' }, { id: '{{ [[0]*1000000]*1000000 }}' }] } }),
        // Only the parent ids sent as text have a route: a rendered id (`/child/42`) gets a 404.
        ...Object.fromEntries(
          CHILD_PATHS.map((path) => [path, () => ({ body: { items: [{ seen: decodeURIComponent(path) }] } })]),
        ),
        '/collide': () => ({ body: { items: [{ id: 30, ID: 31 }] } }),
        '/nested': () => ({ body: { items: [{ id: 1, deep: deepList() }] } }),
        '/text': () => ({ body: { items: [{ id: 1, name: 'a\u0000b', lone: 'x\ud800y', meta: { s: '\udc00' } }] } }),
        '/token-negative': () => ({ body: { access_token: NEGATIVE_TOKEN, token_type: 'bearer', expires_in: -1 } }),
        '/paged': (request, url) => {
          if (request.headers.authorization !== `Bearer ${NEGATIVE_TOKEN}`) return { status: 401, body: {} };
          const page = Number(url.searchParams.get('page') ?? 1);
          return { body: { items: [{ id: page }], next: page < PAGES ? `/paged?page=${page + 1}` : null } };
        },
        '/wide': () => ({
          body: { items: [Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`c${i}`, i]))] },
        }),
      },
    });
  });
  after(async () => {
    await api.close();
    await fixture?.stop();
    await postgres?.stop();
  });

  const targets: Target[] = [
    {
      name: 'SQLite',
      url: (dataset) => `sqlite:${join(dir, `${dataset}.db`)}`,
      rows: async (dataset, table) => readSqliteTable(join(dir, `${dataset}.db`), table),
      tables: async (dataset) => {
        const db = new Database(join(dir, `${dataset}.db`), { readonly: true });
        try {
          const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
            name: string;
          }>;
          return rows.map((row) => row.name);
        } finally {
          db.close();
        }
      },
    },
    {
      name: 'PostgreSQL',
      url: () => postgres.url,
      rows: (dataset, table) => readPostgresTable(postgres.url, dataset, table),
      tables: async (dataset) => {
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        try {
          const { rows } = await client.query(
            'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
            [dataset],
          );
          return rows.map((row: { table_name: string }) => row.table_name);
        } finally {
          await client.end();
        }
      },
    },
  ];

  async function sync(target: Target, dataset: string, config: Record<string, unknown>) {
    const source = resolveSource(
      {
        ...config,
        client: {
          base_url: api.url,
          retry: { max_attempts: 3, initial_interval_ms: 100 },
          ...(config.client as object),
        },
      },
      dataset,
    );
    const started = Date.now();
    const result = await syncOutcome(
      await startSync({
        client: fixture.client,
        taskQueue: fixture.taskQueue,
        source,
        destination: { url: target.url(dataset), dataset },
      }),
    );
    return { result, elapsed: Date.now() - started };
  }
  const items = (name: string, path: string) => ({ name, endpoint: { path, data_selector: 'items' } });

  for (const target of targets) {
    const ds = (name: string) => `${name}_${target.name === 'SQLite' ? 'lite' : 'pg'}_${run}`;

    test(`${target.name}: sends a parent's templated id as text, never rendered`, async () => {
      const before = api.requests.length;
      const dataset = ds('inject');
      const { result } = await sync(target, dataset, {
        resources: [items('parents', '/parents'), items('children', 'child/{resources.parents.id}')],
      });
      assert.equal(result.status, 'completed', JSON.stringify(result.resources));
      const childPaths = api.requests
        .slice(before)
        .map((request) => request.url)
        .filter((url) => url.startsWith('/child/'))
        .sort();
      assert.deepEqual(childPaths, [...CHILD_PATHS].sort());
      assert.equal((await target.rows(dataset, 'children')).length, 2);
    });

    test(`${target.name}: fails a record whose keys id and ID become one column, writing nothing`, async () => {
      const dataset = ds('collide');
      const { result } = await sync(target, dataset, { resources: [items('collide', '/collide')] });
      assert.equal(result.resources.collide!.status, 'failed');
      assert.match(
        result.resources.collide!.error ?? '',
        /record 0 of page 1 has the keys 'id' and 'ID', which both become column 'id'; rename one with a processing step$/,
      );
      assert.deepEqual(await target.rows(dataset, 'collide').catch(() => []), []);
    });

    test(`${target.name}: stores a list nested 300 deep in at most 11 tables`, async () => {
      const dataset = ds('nested');
      const { result } = await sync(target, dataset, { resources: [items('nested', '/nested')] });
      assert.equal(result.status, 'completed', JSON.stringify(result.resources));
      const tables = (await target.tables(dataset)).filter((table) => table.startsWith('nested'));
      assert.ok(tables.length > 1 && tables.length <= 11, tables.join(', '));
    });

    test(`${target.name}: drops NUL characters and replaces lone surrogates alike`, async () => {
      const dataset = ds('text');
      const { result } = await sync(target, dataset, { resources: [items('text', '/text')] });
      assert.equal(result.status, 'completed', JSON.stringify(result.resources));
      const [row] = await target.rows(dataset, 'text');
      assert.deepEqual([row!.name, row!.lone, row!.meta__s], ['ab', 'x\ufffdy', '\ufffd']);
    });

    test(`${target.name}: reuses a token whose expires_in is negative on every page`, async () => {
      const before = api.requests.length;
      const dataset = ds('expiry');
      const { result } = await sync(target, dataset, {
        client: {
          auth: {
            type: 'oauth2_client_credentials',
            token_url: '/token-negative',
            client_id: { $secret: 'client_id' },
            client_secret: { $secret: 'client_secret' },
          },
          paginator: { type: 'json_link', next_url_path: 'next' },
        },
        resources: [items('paged', '/paged')],
      });
      assert.equal(result.resources.paged!.status, 'completed', JSON.stringify(result.resources));
      assert.equal(result.resources.paged!.records, PAGES);
      const tokenRequests = api.requests.slice(before).filter((request) => request.url === '/token-negative');
      assert.ok(tokenRequests.length <= 1, `${tokenRequests.length} token requests`);
    });
  }

  test('PostgreSQL: fails the dataset pg_x at once, naming the rule', async () => {
    const dataset = `pg_x_${run}`;
    const source = resolveSource({ client: { base_url: api.url }, resources: [items('collide', '/collide')] }, dataset);
    const started = Date.now();
    const handle = await startSync({
      client: fixture.client,
      taskQueue: fixture.taskQueue,
      source,
      destination: { url: postgres.url, dataset },
    });
    await assert.rejects(handle.result(), (error: Error) => {
      assert.ok(error instanceof WorkflowFailedError);
      assert.match(
        error.cause?.message ?? '',
        /PostgreSQL reserves schema names that start with pg_: dataset 'pg_x_\d+' cannot be one; choose another dataset name$/,
      );
      return true;
    });
    assert.ok(Date.now() - started < 15_000, `failed after ${Date.now() - started} ms`);
  });

  test('PostgreSQL: fails 2,000 columns at once, with the limit first', async () => {
    const before = api.requests.length;
    const { result, elapsed } = await sync(targets[1]!, `wide_pg_${run}`, { resources: [items('wide', '/wide')] });
    assert.equal(result.resources.wide!.status, 'failed');
    assert.match(
      result.resources.wide!.error ?? '',
      /^PostgreSQL allows at most 1,600 columns in a table: table 'wide' would have 2,00\d;/,
    );
    assert.ok((result.resources.wide!.error ?? '').length < 1000, 'a short message');
    assert.equal(api.requests.slice(before).length, 1, 'not retried');
    assert.ok(elapsed < 15_000, `failed after ${elapsed} ms`);
  });
});
