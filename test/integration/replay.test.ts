import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import protos from '@temporalio/proto';

const { temporal: proto } = protos;
import { Worker } from '@temporalio/worker';
import { startSync } from '../../client/start-sync';
import { loadSource } from '../../client/load-source';
import { startEmulator, type Emulator } from '../../emulator';
import { createSluiceWorker, SLUICE_WORKFLOWS_PATH, type SluiceWorker } from '../../worker';
import { resourceWorkflowId } from '../../workflows';
import { seedPath } from '../support/seeds';
import { testTemporal, type TestTemporal } from '../support/temporal';

/** Histories recorded from a real sync; regenerate with UPDATE_HISTORIES=1 after an intended workflow change. */
const FIXTURES = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

describe('workflow determinism', () => {
  let temporal: TestTemporal;
  let emulator: Emulator;
  let worker: SluiceWorker;
  let running: Promise<void>;
  let client: Client;
  const taskQueue = `replay-${process.pid}`;

  before(async () => {
    Object.assign(process.env, { CLIENT_ID: 'sluice-client', CLIENT_SECRET: 'sluice-secret' });
    temporal = await testTemporal();
    emulator = await startEmulator();
    worker = await createSluiceWorker({ address: temporal.address, taskQueue });
    running = worker.worker.run();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  });

  after(async () => {
    worker.worker.shutdown();
    await running;
    await worker.close();
    await client.connection.close();
    await emulator.close();
    await temporal.stop();
  });

  test('recorded histories replay without nondeterminism', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.binpb'));
    assert.ok(files.length >= 2, 'the fixtures hold a source and a resource history');
    const histories = files.map((file) => ({ workflowId: decodeURIComponent(file.replace(/\.binpb$/, '')), history: proto.api.history.v1.History.decode(readFileSync(join(FIXTURES, file))) }));
    const results = Worker.runReplayHistories({ workflowsPath: SLUICE_WORKFLOWS_PATH }, histories);
    for await (const result of results) assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
  });

  test('a fresh sync’s histories replay against the current workflow code', async () => {
    const source = await loadSource(seedPath('000'), [`client.base_url=${emulator.url}`, `client.auth.token_url=${emulator.url}/oauth2/token`]);
    const dest = mkdtempSync(join(tmpdir(), 'sluice-replay-'));
    const handle = await startSync({ client, source, destination: { url: `sqlite:${join(dest, 'replay.db')}`, dataset: 'replay' }, taskQueue, workflowId: 'replay-fixture', pagesPerActivity: 2 });
    const result = await handle.result();
    assert.equal(result.status, 'completed');
    const child = client.workflow.getHandle(resourceWorkflowId(handle.workflowId, 'files'));
    const histories = [
      { workflowId: handle.workflowId, history: await handle.fetchHistory() },
      { workflowId: child.workflowId, history: await child.fetchHistory() },
    ];
    if (process.env.UPDATE_HISTORIES) {
      for (const { workflowId, history } of histories) {
        writeFileSync(join(FIXTURES, `${encodeURIComponent(workflowId)}.binpb`), proto.api.history.v1.History.encode(history).finish());
      }
    }
    for await (const replay of Worker.runReplayHistories({ workflowsPath: SLUICE_WORKFLOWS_PATH }, histories)) {
      assert.equal(replay.error, undefined, `${replay.workflowId}: ${String(replay.error)}`);
    }
  });
});
