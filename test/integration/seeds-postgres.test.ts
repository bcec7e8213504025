import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { assertTableMatches } from '../support/compare-table';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { readPostgresTable } from '../support/read-postgres';
import { seedPath } from '../support/seeds';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

const SEEDS = [
  ['000', '', 'file_id'],
  ['001', '', 'file_id'],
  ['002', '', 'id'],
  ['003', '/v2', 'id'],
  ['004', '', 'id'],
] as const;

describe('all five seeds load into PostgreSQL with the same rows as the API holds', () => {
  let postgres: TestPostgres;
  let fixture: SyncFixture;

  before(async () => {
    postgres = await startPostgres();
    fixture = await startSyncFixture({ name: 'seeds-pg', destination: postgres.url });
  });
  after(async () => {
    await fixture?.stop();
    await postgres?.stop();
  });

  for (const [seed, base, key] of SEEDS) {
    test(`seed ${seed} into PostgreSQL`, async () => {
      const { client, emulator, taskQueue } = fixture;
      const source = await loadSource(seedPath(seed), [
        `client.base_url=${emulator.url}${base}`,
        `client.auth.token_url=${emulator.url}${base}/oauth2/token`,
      ]);
      const dataset = `seed_${seed}_${process.pid}`;
      const result = await (
        await startSync({ client, source, destination: { url: postgres.url, dataset }, taskQueue })
      ).result();
      assert.equal(result.status, 'completed', JSON.stringify(result.resources));
      for (const [resource, expected] of Object.entries(emulator.truth(seed))) {
        assertTableMatches(await readPostgresTable(postgres.url, dataset, resource), expected, key);
      }
    });
  }
});
