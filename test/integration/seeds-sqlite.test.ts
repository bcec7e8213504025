import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator';
import { createSluiceWorker, type SluiceWorker } from '../../worker';
import { lastJsonLine, runCli } from '../support/cli';
import { assertTableMatches, readSqliteTable } from '../support/compare-table';
import { seedPath } from '../support/seeds';
import { testTemporal, type TestTemporal } from '../support/temporal';

const CREDENTIALS = {
  CLIENT_ID: 'sluice-client',
  CLIENT_SECRET: 'sluice-secret',
  CLIENT_REFRESH_TOKEN: 'sluice-refresh',
};

describe('seed configs, unchanged, through `sluice run` into SQLite', () => {
  let emulator: Emulator;
  let temporal: TestTemporal;
  let address: string;
  let worker: SluiceWorker;
  let running: Promise<void>;
  const taskQueue = `seeds-sqlite-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-seeds-'));

  before(async () => {
    Object.assign(process.env, CREDENTIALS);
    emulator = await startEmulator();
    temporal = await testTemporal();
    address = temporal.address;
    worker = await createSluiceWorker({ address, taskQueue });
    running = worker.worker.run();
  });

  after(async () => {
    worker.worker.shutdown();
    await running;
    await worker.close();
    await emulator.close();
    await temporal.stop();
  });

  const sync = (seed: Parameters<typeof seedPath>[0], db: string, extra: string[] = [], base = '') =>
    runCli([
      'run',
      seedPath(seed),
      '--dest',
      `sqlite:${db}`,
      '--json',
      '--set',
      `client.base_url=${emulator.url}${base}`,
      '--set',
      `client.auth.token_url=${emulator.url}${base}/oauth2/token`,
      '--temporal',
      address,
      '--task-queue',
      taskQueue,
      ...extra,
    ]);

  test('seed 000 loads exactly the emulator’s files, row by row', async () => {
    const db = join(dir, '000.db');
    const result = await sync('000', db);
    assert.equal(result.code, 0, result.stderr);
    const summary = lastJsonLine(result.stdout);
    assert.equal(summary.status, 'completed');
    assert.deepEqual(summary.resources.files, { records: 350, pages: 4, status: 'completed' });
    assertTableMatches(readSqliteTable(db, 'files'), emulator.truth('000').files!, 'file_id');
  });

  test('seed 001 loads its cloud_storage_files resource from /v1/files', async () => {
    const db = join(dir, '001.db');
    const result = await sync('001', db);
    assert.equal(result.code, 0, result.stderr);
    assertTableMatches(
      readSqliteTable(db, 'cloud_storage_files'),
      emulator.truth('001').cloud_storage_files!,
      'file_id',
    );
  });

  test('seed 004 stops on the short last page of an API that gives no total', async () => {
    const db = join(dir, '004.db');
    const before = emulator.stats.byPath['/v1/resource'] ?? 0;
    const result = await sync('004', db);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(lastJsonLine(result.stdout).resources.resource_name!.pages, 3);
    const requests = emulator.stats.byPath['/v1/resource']! - before;
    assert.ok(requests <= 4, `${requests} requests for 3 pages: no more than one guessed past the end`);
    assertTableMatches(readSqliteTable(db, 'resource_name'), emulator.truth('004').resource_name!, 'id');
  });

  test('running a seed twice into the same file leaves no duplicates', async () => {
    const db = join(dir, 'twice.db');
    for (let run = 0; run < 2; run++) assert.equal((await sync('000', db)).code, 0);
    assertTableMatches(readSqliteTable(db, 'files'), emulator.truth('000').files!, 'file_id');
    const loads = readSqliteTable(db, '_sluice_loads');
    assert.equal(loads.length, 2);
    assert.ok(loads.every((load) => load.status === 'completed'));
  });

  test('a page answered 503 is retried and committed exactly once', async () => {
    const db = join(dir, 'retry.db');
    emulator.resetStats();
    emulator.failNext({ pathPrefix: '/v1/files', count: 1, status: 503 });
    const result = await sync('000', db);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(emulator.stats.faultsByKind['503'], 1);
    assert.equal(emulator.stats.byPath['/v1/files'], 5, 'four pages plus the one retried');
    const [state] = readSqliteTable(db, '_sluice_state');
    assert.equal(state!.pages, 4, 'each page committed once');
    assert.equal(state!.records, 350);
    assertTableMatches(readSqliteTable(db, 'files'), emulator.truth('000').files!, 'file_id');
  });

  test('a 404 fails fast, naming the resource and the URL', async () => {
    const db = join(dir, '404.db');
    emulator.resetStats();
    const result = await sync('000', db, ['--set', 'resources.files.endpoint.path=/v1/missing']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /files failed: .*\/v1\/missing.* answered 404/);
    assert.equal(emulator.stats.byPath['/v1/missing'], 1, 'no retries');
  });

  test('response_actions can ignore a 404, as dlt does for missing child resources', async () => {
    const db = join(dir, 'ignore.db');
    const result = await sync('000', db, [
      '--set',
      'resources.files.endpoint.path=/v1/missing',
      '--set',
      'resources.files.endpoint.response_actions=[{"status_code":404,"action":"ignore"}]',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(lastJsonLine(result.stdout).resources.files, { records: 0, pages: 1, status: 'completed' });
  });

  test('seed 002 loads all 15 Box-like resources, children fanned out over inferred parents', async () => {
    const db = join(dir, '002.db');
    const result = await sync('002', db);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /resource 'collection_items': inferred parent 'collections'/);
    assert.match(result.stderr, /resource 'file_collaborations': inferred parent 'files'/);
    const truth = emulator.truth('002');
    assert.equal(Object.keys(truth).length, 15);
    for (const [resource, expected] of Object.entries(truth)) {
      assertTableMatches(readSqliteTable(db, resource), expected, 'id');
    }
  });

  test('seed 003 loads page-numbered resources under a /v2 base path with a refresh-token grant', async () => {
    const db = join(dir, '003.db');
    emulator.resetStats();
    const result = await sync('003', db, [], '/v2');
    assert.equal(result.code, 0, result.stderr);
    const summary = lastJsonLine(result.stdout);
    assert.equal(summary.resources.connections!.pages, 2, 'an exact multiple of the page size ends on an empty page');
    assert.ok(emulator.stats.byPath['/v2/files']! > 0, 'paths resolve under /v2');
    for (const [resource, expected] of Object.entries(emulator.truth('003'))) {
      assertTableMatches(readSqliteTable(db, resource), expected, 'id');
      const tags = [...expected.values()].reduce((n, record) => n + (record.tags as string[]).length, 0);
      if (expected.size > 0)
        assert.equal(readSqliteTable(db, `${resource}__tags`).length, tags, `${resource}__tags rows`);
    }
  });

  test('include_from_parent copies the parent’s fields onto child rows', async () => {
    const db = join(dir, 'include.db');
    const result = await sync('002', db, [
      '--set',
      'resources.collection_items.include_from_parent=["name","collection_type"]',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const collections = new Map(readSqliteTable(db, 'collections').map((row) => [row.id, row]));
    const items = readSqliteTable(db, 'collection_items');
    assert.ok(items.length > 0);
    const names = new Set([...collections.values()].map((c) => c.name));
    for (const item of items)
      assert.ok(names.has(item._collections_name), `item ${String(item.id)} carries its collection's name`);
    const perCollection = new Map<unknown, number>();
    for (const item of items)
      perCollection.set(item._collections_name, (perCollection.get(item._collections_name) ?? 0) + 1);
    assert.deepEqual(
      [...perCollection.values()].sort((a, b) => a - b),
      [40, 150],
      'each item is attributed to the collection it came from',
    );
    assert.ok(items.every((item) => item._collections_collection_type !== undefined));
  });
});
