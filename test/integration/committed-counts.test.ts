import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { resultOfFailure } from '../../client/sync-outcome';
import { startEmulator, type Emulator } from '../../emulator';
import { pauseSignal, progressQuery, resumeSignal } from '../../workflows';
import { assertTableMatches, readSqliteTable } from '../support/compare-table';
import { seedPath } from '../support/seeds';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

/** Small pages from a slow API: a one-second page batch commits several pages before the failure lands in it. */
const SMALL_PAGES = ['resources.files.endpoint.paginator.limit=5'];

describe('counts come from what the load committed', () => {
  let fixture: SyncFixture;
  let slow: Emulator;
  let healthy: Emulator;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-counts-'));
  const db = join(dir, 'counts.db');
  const destination = { url: `sqlite:${db}`, dataset: 'counts' };
  const workflowId = `counts-${process.pid}`;
  let committed: { pages: number; records: number };

  before(async () => {
    fixture = await startSyncFixture({ name: 'counts' });
    slow = await startEmulator({ latencyMs: 60 });
    healthy = await startEmulator();
  });
  after(async () => {
    await slow.close();
    await healthy.close();
    await fixture.stop();
  });

  const sourceAt = (emulator: Emulator) =>
    loadSource(seedPath('000'), [
      `client.base_url=${emulator.url}`,
      `client.auth.token_url=${emulator.url}/oauth2/token`,
      ...SMALL_PAGES,
    ]);

  test('a resource that fails after committing pages reports the pages and records it committed', async () => {
    const handle = await startSync({
      client: fixture.client,
      source: await sourceAt(slow),
      destination,
      taskQueue: fixture.taskQueue,
      workflowId,
    });
    while ((slow.stats.byPath['/v1/files'] ?? 0) < 4) await sleep(10);
    slow.failNext({ pathPrefix: '/v1/files', count: 100, status: 404 });
    const error = await handle.result().then(
      () => assert.fail('the sync completed'),
      (e: unknown) => e,
    );
    const files = resultOfFailure(error)?.resources.files;
    assert.equal(files?.status, 'failed');
    const [state] = readSqliteTable(db, '_sluice_state').filter((row) => row.resource === 'files');
    committed = { pages: Number(state!.pages), records: Number(state!.records) };
    assert.ok(committed.pages >= 1, `pages were committed before the failure (${committed.pages})`);
    assert.deepEqual({ pages: files.pages, records: files.records }, committed);
    const [load] = readSqliteTable(db, '_sluice_loads').filter((row) => row.resource === 'files');
    assert.deepEqual({ pages: Number(load!.pages), records: Number(load!.records) }, committed);
  });

  test('a resumed run counts from what is already committed, and completes the table', async () => {
    const handle = await startSync({
      client: fixture.client,
      source: await sourceAt(healthy),
      destination,
      taskQueue: fixture.taskQueue,
      workflowId,
    });
    await handle.signal(pauseSignal);
    const filesRow = async () => (await handle.query(progressQuery)).find((row) => row.resource === 'files')!;
    for (let i = 0; (await filesRow()).records === 0; i++) {
      assert.ok(i < 100, 'the paused, resumed sync shows the committed counts');
      await sleep(50);
    }
    assert.deepEqual({ pages: (await filesRow()).pages, records: (await filesRow()).records }, committed);
    await handle.signal(resumeSignal);
    const seen: number[] = [];
    const done = handle.result();
    while ((await Promise.race([done.then(() => true), sleep(30).then(() => false)])) === false)
      seen.push((await filesRow()).records);
    assert.ok(
      seen.every((records) => records >= committed.records),
      `live records never fell below ${committed.records}: ${seen.join(', ')}`,
    );
    const result = await done;
    assert.equal(result.resumed, true);
    const truth = healthy.truth('000').files!;
    assert.equal(result.resources.files!.records, truth.size);
    assertTableMatches(readSqliteTable(db, 'files'), truth, 'file_id');
  });
});
