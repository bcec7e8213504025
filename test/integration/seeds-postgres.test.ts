import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { startEmulator, type Emulator } from '../../emulator';
import { createSluiceWorker, type SluiceWorker } from '../../worker';
import { assertTableMatches } from '../support/compare-table';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { readPostgresTable } from '../support/read-postgres';
import { seedPath } from '../support/seeds';
import { testTemporal, type TestTemporal } from '../support/temporal';

const SEEDS = [['000', '', 'file_id'], ['001', '', 'file_id'], ['002', '', 'id'], ['003', '/v2', 'id'], ['004', '', 'id']] as const;

describe('all five seeds load into PostgreSQL with the same rows as the API holds', () => {
  let postgres: TestPostgres;
  let temporal: TestTemporal;
  let emulator: Emulator;
  let client: Client;
  let worker: SluiceWorker;
  let running: Promise<void>;
  const taskQueue = `seeds-pg-${process.pid}`;

  before(async () => {
    Object.assign(process.env, { CLIENT_ID: 'sluice-client', CLIENT_SECRET: 'sluice-secret', CLIENT_REFRESH_TOKEN: 'sluice-refresh' });
    postgres = await startPostgres();
    temporal = await testTemporal();
    emulator = await startEmulator();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    worker = await createSluiceWorker({ address: temporal.address, taskQueue, destination: postgres.url });
    running = worker.worker.run();
  });
  after(async () => {
    worker?.worker.shutdown();
    await running;
    await worker?.close();
    await client?.connection.close();
    await emulator?.close();
    await temporal?.stop();
    await postgres?.stop();
  });

  for (const [seed, base, key] of SEEDS) {
    test(`seed ${seed} into PostgreSQL`, async () => {
      const source = await loadSource(seedPath(seed), [`client.base_url=${emulator.url}${base}`, `client.auth.token_url=${emulator.url}${base}/oauth2/token`]);
      const dataset = `seed_${seed}_${process.pid}`;
      const result = await (await startSync({ client, source, destination: { url: postgres.url, dataset }, taskQueue })).result();
      assert.equal(result.status, 'completed', JSON.stringify(result.resources));
      for (const [resource, expected] of Object.entries(emulator.truth(seed))) {
        assertTableMatches(await readPostgresTable(postgres.url, dataset, resource), expected, key);
      }
    });
  }
});
