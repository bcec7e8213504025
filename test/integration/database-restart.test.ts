import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
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

describe('a PostgreSQL restart mid-sync', () => {
  let postgres: TestPostgres;
  let temporal: TestTemporal;
  let emulator: Emulator;
  let client: Client;
  let worker: SluiceWorker;
  let running: Promise<void>;
  const taskQueue = `pg-restart-${process.pid}`;

  before(async () => {
    Object.assign(process.env, { CLIENT_ID: 'sluice-client', CLIENT_SECRET: 'sluice-secret' });
    postgres = await startPostgres({ private: true });
    temporal = await testTemporal();
    emulator = await startEmulator({ sizes: { files: 20_000 }, latencyMs: 10 });
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

  test('loses and duplicates nothing: failed commits roll back and the page is retried', async () => {
    const source = await loadSource(seedPath('000'), [`client.base_url=${emulator.url}`, `client.auth.token_url=${emulator.url}/oauth2/token`]);
    const handle = await startSync({ client, source, destination: { url: postgres.url, dataset: 'restart' }, taskQueue });
    await sleep(1500);
    const [before] = await readPostgresTable(postgres.url, 'restart', '_sluice_state');
    assert.ok(Number(before?.pages ?? 0) < 200, 'the restart happens mid-sync');
    await postgres.restart();
    const result = await handle.result();
    assert.equal(result.status, 'completed');
    assertTableMatches(await readPostgresTable(postgres.url, 'restart', 'files'), emulator.truth('000').files!, 'file_id');
    const [state] = await readPostgresTable(postgres.url, 'restart', '_sluice_state');
    assert.equal(Number(state!.pages), 200, 'every page committed exactly once');
  });
});
