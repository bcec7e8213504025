import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import protos from '@temporalio/proto';

const { temporal: proto } = protos;
import { Worker } from '@temporalio/worker';
import { startSync } from '../../client/start-sync';
import { loadSource } from '../../client/load-source';
import { SLUICE_WORKFLOWS_PATH } from '../../worker';
import { resourceWorkflowId } from '../../workflows';
import { limiterWorkflowId } from '../../activities/api-limits';
import { seedPath } from '../support/seeds';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

/** Histories recorded from a real sync; regenerate with UPDATE_HISTORIES=1 after an intended workflow change. */
const FIXTURES = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

describe('workflow determinism', () => {
  let fixture: SyncFixture;

  before(async () => {
    fixture = await startSyncFixture({ name: 'replay' });
  });
  after(() => fixture.stop());

  /** A seed pointed at the fixture's emulator, with `sets` applied. */
  const seedSource = (seed: Parameters<typeof seedPath>[0], sets: string[] = []) =>
    loadSource(seedPath(seed), [
      `client.base_url=${fixture.emulator.url}`,
      `client.auth.token_url=${fixture.emulator.url}/oauth2/token`,
      ...sets,
    ]);

  test('recorded histories replay without nondeterminism', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.binpb'));
    assert.ok(files.length >= 2, 'the fixtures hold a source and a resource history');
    const histories = files.map((file) => ({
      workflowId: decodeURIComponent(file.replace(/\.binpb$/, '')),
      history: proto.api.history.v1.History.decode(readFileSync(join(FIXTURES, file))),
    }));
    const results = Worker.runReplayHistories({ workflowsPath: SLUICE_WORKFLOWS_PATH }, histories);
    for await (const result of results)
      assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
  });

  test('a failed sync’s history replays against the current workflow code', async () => {
    const { client, taskQueue } = fixture;
    const source = await seedSource('002', ['resources.files.endpoint.path=/v1/no-such-path']);
    const dest = mkdtempSync(join(tmpdir(), 'sluice-replay-'));
    const handle = await startSync({
      client,
      source,
      destination: { url: `sqlite:${join(dest, 'failed.db')}`, dataset: 'replay_failed' },
      taskQueue,
      workflowId: 'replay-failed-sync',
      fullRefresh: true,
    });
    await assert.rejects(handle.result(), (e: Error) => /did not complete/.test(String(e.cause)));
    await checkReplays([{ workflowId: handle.workflowId, history: await handle.fetchHistory() }]);
  });

  test('a sync scheduled by planResources, with children skipped after their parent failed, replays', async () => {
    const { client, taskQueue } = fixture;
    const source = await seedSource('002', ['resources.files.endpoint.path=/v1/no-such-path']);
    const dest = mkdtempSync(join(tmpdir(), 'sluice-replay-'));
    const handle = await startSync({
      client,
      source,
      destination: { url: `sqlite:${join(dest, 'planned.db')}`, dataset: 'replay_planned' },
      taskQueue,
      workflowId: 'replay-planned-skips',
      fullRefresh: true,
    });
    await assert.rejects(handle.result(), (e: Error) => /skipped: parent `files` failed/.test(String(e.cause)));
    const history = await handle.fetchHistory();
    const encoded = Buffer.from(proto.api.history.v1.History.encode(history).finish());
    assert.ok(encoded.includes('resources-planned'), 'the history carries the resources-planned marker');
    await checkReplays([{ workflowId: handle.workflowId, history }]);
  });

  test('a failed sync and the run that resumes it replay against the current workflow code', async () => {
    const { client, taskQueue } = fixture;
    const destination = {
      url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'sluice-replay-')), 'resumed.db')}`,
      dataset: 'r',
    };
    const failed = await startSync({
      client,
      source: await seedSource('000', ['resources.files.endpoint.path=/v1/no-such-path']),
      destination,
      taskQueue,
      workflowId: 'replay-counts-failed',
    });
    await assert.rejects(failed.result(), (e: Error) => /did not complete/.test(String(e.cause)));
    const resumed = await startSync({
      client,
      source: await seedSource('000'),
      destination,
      taskQueue,
      workflowId: 'replay-counts-resumed',
    });
    assert.equal((await resumed.result()).resumed, true);
    await checkReplays([
      { workflowId: failed.workflowId, history: await failed.fetchHistory() },
      { workflowId: resumed.workflowId, history: await resumed.fetchHistory() },
    ]);
  });

  test('an API limiter’s history replays against the current workflow code', async () => {
    const { client, taskQueue } = fixture;
    const seed = await seedSource('000');
    const source = { ...seed, client: { ...seed.client, limits: { maxConcurrency: 2, requestsPerSecond: 200 } } };
    const dest = mkdtempSync(join(tmpdir(), 'sluice-replay-'));
    const handle = await startSync({
      client,
      source,
      destination: { url: `sqlite:${join(dest, 'limited.db')}`, dataset: 'replay_limited' },
      taskQueue,
      workflowId: 'replay-limited',
    });
    assert.equal((await handle.result()).status, 'completed');
    const limiter = client.workflow.getHandle(limiterWorkflowId(taskQueue, source.name, source.client.baseUrl));
    const history = await limiter.fetchHistory();
    const updates = (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
    assert.ok(updates.length >= 2, `the limiter granted ${updates.length} update(s)`);
    await checkReplays([{ workflowId: 'replay-api-limiter', history }]);
  });

  test('a fresh sync’s histories replay against the current workflow code', async () => {
    const { client, taskQueue } = fixture;
    const source = await seedSource('000');
    const dest = mkdtempSync(join(tmpdir(), 'sluice-replay-'));
    const handle = await startSync({
      client,
      source,
      destination: { url: `sqlite:${join(dest, 'replay.db')}`, dataset: 'replay' },
      taskQueue,
      workflowId: 'replay-fixture',
      pagesPerActivity: 2,
    });
    const result = await handle.result();
    assert.equal(result.status, 'completed');
    const child = client.workflow.getHandle(resourceWorkflowId(handle.workflowId, 'files'));
    const histories = [
      { workflowId: handle.workflowId, history: await handle.fetchHistory() },
      { workflowId: child.workflowId, history: await child.fetchHistory() },
    ];
    await checkReplays(histories);
  });
});

/** Replays fresh histories, and records them as fixtures with UPDATE_HISTORIES=1. */
async function checkReplays(
  histories: Array<{ workflowId: string; history: protos.temporal.api.history.v1.IHistory }>,
) {
  if (process.env.UPDATE_HISTORIES) {
    for (const { workflowId, history } of histories) {
      writeFileSync(
        join(FIXTURES, `${encodeURIComponent(workflowId)}.binpb`),
        proto.api.history.v1.History.encode(history).finish(),
      );
    }
  }
  for await (const replay of Worker.runReplayHistories({ workflowsPath: SLUICE_WORKFLOWS_PATH }, histories)) {
    assert.equal(replay.error, undefined, `${replay.workflowId}: ${String(replay.error)}`);
  }
}
