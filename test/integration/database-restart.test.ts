import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { assertTableMatches } from '../support/compare-table';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { readPostgresTable } from '../support/read-postgres';
import { seedPath } from '../support/seeds';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

describe('a PostgreSQL restart mid-sync', () => {
  let postgres: TestPostgres;
  let fixture: SyncFixture;

  before(async () => {
    postgres = await startPostgres({ private: true });
    fixture = await startSyncFixture({
      name: 'pg-restart',
      emulator: { sizes: { files: 20_000 }, latencyMs: 10 },
      destination: postgres.url,
    });
  });
  after(async () => {
    await fixture?.stop();
    await postgres?.stop();
  });

  test('loses and duplicates nothing: failed commits roll back and the page is retried', async () => {
    const { client, emulator, taskQueue } = fixture;
    const source = await loadSource(seedPath('000'), [
      `client.base_url=${emulator.url}`,
      `client.auth.token_url=${emulator.url}/oauth2/token`,
    ]);
    const handle = await startSync({
      client,
      source,
      destination: { url: postgres.url, dataset: 'restart' },
      taskQueue,
      prefetchWindow: 1,
    });
    let committed = 0;
    for (let i = 0; i < 600 && committed < 20; i++) {
      await sleep(50);
      committed = Number(
        (await readPostgresTable(postgres.url, 'restart', '_sluice_state').catch(() => []))[0]?.pages ?? 0,
      );
    }
    assert.ok(committed >= 20 && committed < 200, `the restart happens mid-sync (${committed} pages committed)`);
    await postgres.restart();
    const result = await handle.result();
    assert.equal(result.status, 'completed');
    assertTableMatches(
      await readPostgresTable(postgres.url, 'restart', 'files'),
      emulator.truth('000').files!,
      'file_id',
    );
    const [state] = await readPostgresTable(postgres.url, 'restart', '_sluice_state');
    assert.equal(Number(state!.pages), 200, 'every page committed exactly once');
  });
});
