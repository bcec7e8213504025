import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { freePort } from '../../client/dev-server/free-port';
import { startDevServer } from '../../client/dev-server/start-dev-server';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { startEmulator, type Emulator } from '../../emulator';
import { createSluiceWorker, type SluiceWorker } from '../../worker';
import { pauseSignal, progressQuery, resourceWorkflowId, resumeSignal } from '../../workflows';
import { assertTableMatches, readSqliteTable } from '../support/compare-table';
import { seedPath } from '../support/seeds';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';

const CREDENTIALS = { CLIENT_ID: 'sluice-client', CLIENT_SECRET: 'sluice-secret' };

describe('durable syncs: exact rows after crashes, throttling, continue-as-new and control', () => {
  let temporal: TestTemporal;
  let client: Client;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-durable-'));
  let run = 0;

  before(async () => {
    Object.assign(process.env, CREDENTIALS);
    temporal = await testTemporal();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  });
  after(async () => {
    await client.connection.close();
    await temporal.stop();
  });

  /** Starts a seed 000 sync of `emulator` on `taskQueue`, into a fresh SQLite file. */
  /** Waits until a sync has committed at least `pages` pages, so a test acts mid-sync whatever the machine's speed. */
  async function waitForPages(db: string, pages: number): Promise<void> {
    for (let i = 0; i < 1500; i++) {
      const committed = Number(
        (() => {
          try {
            return readSqliteTable(db, '_sluice_state')[0]?.pages ?? 0;
          } catch {
            return 0;
          }
        })(),
      );
      if (committed >= pages) return;
      await sleep(20);
    }
    throw new Error(`no ${pages} pages committed within 30 s`);
  }

  async function startFiles(
    emulator: Emulator,
    taskQueue: string,
    options: { limit?: number; continueAsNewAfter?: number; pagesPerActivity?: number; prefetchWindow?: number } = {},
  ) {
    const source = await loadSource(seedPath('000'), [
      `client.base_url=${emulator.url}`,
      `client.auth.token_url=${emulator.url}/oauth2/token`,
      `resources.files.endpoint.paginator.limit=${options.limit ?? 100}`,
    ]);
    const db = join(dir, `run-${++run}.db`);
    const handle = await startSync({
      client,
      source,
      destination: { url: `sqlite:${db}`, dataset: `d${run}` },
      taskQueue,
      continueAsNewAfter: options.continueAsNewAfter,
      pagesPerActivity: options.pagesPerActivity,
      prefetchWindow: options.prefetchWindow,
    });
    return { handle, db, source };
  }

  function assertExact(db: string, emulator: Emulator, pages: number): void {
    assertTableMatches(readSqliteTable(db, 'files'), emulator.truth('000').files!, 'file_id');
    const [state] = readSqliteTable(db, '_sluice_state');
    assert.equal(state!.pages, pages, 'every page committed exactly once');
    assert.equal(state!.status, 'complete');
  }

  async function withWorker<T>(taskQueue: string, body: (worker: SluiceWorker) => Promise<T>): Promise<T> {
    const worker = await createSluiceWorker({ address: temporal.address, taskQueue });
    try {
      return await worker.worker.runUntil(body(worker));
    } finally {
      await worker.close();
    }
  }

  test('a worker killed with SIGKILL three times mid-sync loses and duplicates nothing', async () => {
    const emulator = await startEmulator({ sizes: { files: 20_000 }, latencyMs: 15 });
    const taskQueue = `crash-${process.pid}`;
    const worker = new WorkerProcess(['--temporal', temporal.address, '--task-queue', taskQueue], CREDENTIALS);
    try {
      await worker.start();
      const { handle, db } = await startFiles(emulator, taskQueue, { prefetchWindow: 1 });
      for (const pages of [
        10 + Math.floor(Math.random() * 30),
        70 + Math.floor(Math.random() * 30),
        130 + Math.floor(Math.random() * 30),
      ]) {
        await waitForPages(db, pages);
        await worker.kill();
        assert.ok(Number(readSqliteTable(db, '_sluice_state')[0]!.pages) < 200, 'killed mid-sync');
        await worker.start();
      }
      const result = await handle.result();
      assert.equal(result.status, 'completed');
      assert.equal(result.resources.files!.records, 20_000);
      assertExact(db, emulator, 200);
      assert.ok(emulator.stats.byPath['/v1/files']! >= 200);
      assert.equal(await worker.stop(), 0, 'the worker exits cleanly on SIGTERM');
    } finally {
      await worker.kill();
      await emulator.close();
    }
  });

  test('fetching ahead, also while a page commits, stays within each activity’s budget: every page is requested once', async () => {
    const emulator = await startEmulator({ sizes: { files: 3_000 } });
    try {
      const taskQueue = `budget-${process.pid}`;
      await withWorker(taskQueue, async () => {
        for (const prefetchWindow of [1, 8]) {
          const before = emulator.stats.byPath['/v1/files'] ?? 0;
          const { handle, db } = await startFiles(emulator, taskQueue, { pagesPerActivity: 4, prefetchWindow });
          assert.equal((await handle.result()).status, 'completed');
          assertExact(db, emulator, 30);
          assert.equal(
            emulator.stats.byPath['/v1/files']! - before,
            30,
            `window ${prefetchWindow}: no page fetched twice or past the end`,
          );
        }
      });
    } finally {
      await emulator.close();
    }
  });

  test('without a page budget, a batch of small pages ends on the time budget, not on a page count', async () => {
    const emulator = await startEmulator({ sizes: { files: 1500 }, latencyMs: 1 });
    try {
      const taskQueue = `time-budget-${process.pid}`;
      await withWorker(taskQueue, async () => {
        const { handle, db } = await startFiles(emulator, taskQueue, { limit: 1, prefetchWindow: 1 });
        assert.equal((await handle.result()).status, 'completed');
        assertExact(db, emulator, 1500);
        const history = await client.workflow.getHandle(resourceWorkflowId(handle.workflowId, 'files')).fetchHistory();
        const events = history.events!;
        const millis = (event: (typeof events)[number]) =>
          Number(event.eventTime!.seconds) * 1000 + event.eventTime!.nanos! / 1e6;
        const scheduledAt = new Map(
          events
            .filter((event) => event.activityTaskScheduledEventAttributes)
            .map((event) => [String(event.eventId), millis(event)]),
        );
        const durations = events
          .filter((event) => event.activityTaskCompletedEventAttributes)
          .map(
            (event) =>
              millis(event) - scheduledAt.get(String(event.activityTaskCompletedEventAttributes!.scheduledEventId))!,
          );
        assert.ok(durations.length >= 2, `1,500 pages one at a time took ${durations.length} batch(es)`);
        for (const duration of durations.slice(0, -1))
          assert.ok(
            duration >= 950,
            `a batch ended after ${Math.round(duration)} ms, before its 1 s budget: ${durations.map(Math.round).join(', ')}`,
          );
      });
    } finally {
      await emulator.close();
    }
  });

  test('a 429 with Retry-After delays the retry by at least the header’s value', async () => {
    const emulator = await startEmulator();
    try {
      await withWorker(`retry-after-${process.pid}`, async () => {
        await (await startFiles(emulator, `retry-after-${process.pid}`)).handle.result();
        const t0 = Date.now();
        await (await startFiles(emulator, `retry-after-${process.pid}`)).handle.result();
        const plain = Date.now() - t0;
        emulator.failNext({ pathPrefix: '/v1/files', count: 1, status: 429, retryAfterSeconds: 3 });
        const throttled = await startFiles(emulator, `retry-after-${process.pid}`);
        const t1 = Date.now();
        await throttled.handle.result();
        const delayed = Date.now() - t1;
        assert.ok(delayed - plain >= 2500, `throttled run took ${delayed} ms, plain ${plain} ms`);
        assert.ok(delayed >= 3000);
        assertExact(throttled.db, emulator, 4);
      });
    } finally {
      await emulator.close();
    }
  });

  test('continue-as-new keeps counts and cursors exact', async () => {
    const emulator = await startEmulator({ sizes: { files: 2000 } });
    const taskQueue = `can-${process.pid}`;
    try {
      await withWorker(taskQueue, async () => {
        const { handle, db } = await startFiles(emulator, taskQueue, { continueAsNewAfter: 2, pagesPerActivity: 2 });
        const result = await handle.result();
        assert.deepEqual(
          { records: result.resources.files!.records, pages: result.resources.files!.pages },
          { records: 2000, pages: 20 },
        );
        const child = client.workflow.getHandle(resourceWorkflowId(handle.workflowId, 'files'));
        const history = await child.fetchHistory();
        const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
        assert.ok(started.continuedExecutionRunId, 'the last run continued an earlier one');
        const metadata = await child.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
        assert.match(metadata.currentDetails ?? '', /\| files \| completed \| 20 \| 2000 \|/);
        assert.match(
          metadata.currentDetails ?? '',
          /- pages 19–20: 200 records in \d+\.\d s$/,
          'the UI lists the page range of the last batch',
        );
        assertExact(db, emulator, 20);
      });
    } finally {
      await emulator.close();
    }
  });

  test('pause stops new pages, resume finishes, and progress reports both', async () => {
    const emulator = await startEmulator({ sizes: { files: 3000 }, latencyMs: 50 });
    const taskQueue = `pause-${process.pid}`;
    try {
      await withWorker(taskQueue, async () => {
        const { handle, db } = await startFiles(emulator, taskQueue, { pagesPerActivity: 2, prefetchWindow: 1 });
        await waitForPages(db, 3);
        await handle.signal(pauseSignal);
        await sleep(1500);
        const paused = await handle.query(progressQuery);
        const requestsWhilePaused = emulator.stats.byPath['/v1/files'];
        await sleep(1000);
        assert.equal(emulator.stats.byPath['/v1/files'], requestsWhilePaused, 'no requests while paused');
        assert.equal(paused.find((row) => row.resource === 'files')!.state, 'paused');
        await handle.signal(resumeSignal);
        assert.equal((await handle.result()).status, 'completed');
        assertExact(db, emulator, 30);
      });
    } finally {
      await emulator.close();
    }
  });

  test('a cancelled sync keeps its committed pages and a re-run resumes instead of restarting', async () => {
    const emulator = await startEmulator({ sizes: { files: 3000 }, latencyMs: 50 });
    const taskQueue = `cancel-${process.pid}`;
    try {
      await withWorker(taskQueue, async () => {
        const { handle, db, source } = await startFiles(emulator, taskQueue, {
          pagesPerActivity: 2,
          prefetchWindow: 1,
        });
        await waitForPages(db, 3);
        await handle.cancel();
        const cancelled = await handle.result().catch((error: unknown) => error);
        assert.ok(cancelled instanceof WorkflowFailedError && cancelled.cause instanceof CancelledFailure);
        const committed = Number(readSqliteTable(db, '_sluice_state')[0]!.pages);
        assert.ok(committed > 0 && committed < 30, `committed ${committed} pages before the cancel`);
        assert.equal(readSqliteTable(db, 'files').length, committed * 100);
        emulator.resetStats();
        const rerun = await startSync({
          client,
          source,
          destination: { url: `sqlite:${db}`, dataset: `d${run}` },
          taskQueue,
          pagesPerActivity: 2,
        });
        const result = await rerun.result();
        assert.equal(result.resumed, true);
        assert.ok(emulator.stats.byPath['/v1/files']! <= 30 - committed + 1, 'only the remaining pages were fetched');
        assertExact(db, emulator, 30);
      });
    } finally {
      await emulator.close();
    }
  });

  test('the Temporal server killed and restarted mid-sync leaves the sync exact', async () => {
    const emulator = await startEmulator({ sizes: { files: 20_000 }, latencyMs: 10 });
    const port = await freePort();
    const dbFilename = join(dir, 'temporal-restart.db');
    let server = await startDevServer({ port, dbFilename });
    const address = server.address;
    const taskQueue = `restart-${process.pid}`;
    const worker = await createSluiceWorker({ address, taskQueue });
    const running = worker.worker.run();
    const restartClient = new Client({ connection: await Connection.connect({ address }) });
    try {
      const source = await loadSource(seedPath('000'), [
        `client.base_url=${emulator.url}`,
        `client.auth.token_url=${emulator.url}/oauth2/token`,
      ]);
      const db = join(dir, 'restart.db');
      const handle = await startSync({
        client: restartClient,
        source,
        destination: { url: `sqlite:${db}`, dataset: 'restart' },
        taskQueue,
        prefetchWindow: 1,
      });
      await waitForPages(db, 20);
      server.process!.kill('SIGKILL');
      await new Promise((resolve) => server.process!.once('exit', resolve));
      await sleep(1000);
      server = await startDevServer({ port, dbFilename });
      const result = await resultWithRetries(() => restartClient.workflow.getHandle(handle.workflowId).result());
      assert.equal(result.status, 'completed');
      assertExact(db, emulator, 200);
    } finally {
      worker.worker.shutdown();
      await running.catch(() => undefined);
      await worker.close();
      await restartClient.connection.close();
      await server.stop();
      await emulator.close();
    }
  });

  test('chaos: all five seeds load exactly through injected faults and expiring tokens', async () => {
    const emulator = await startEmulator({ faults: { rate: 0.1, retryAfterSeconds: 1 }, tokenMaxUses: 40 });
    const taskQueue = `chaos-${process.pid}`;
    Object.assign(process.env, { CLIENT_REFRESH_TOKEN: 'sluice-refresh' });
    try {
      await withWorker(taskQueue, async () => {
        const seeds = [
          ['000', ''],
          ['001', ''],
          ['002', ''],
          ['003', '/v2'],
          ['004', ''],
        ] as const;
        const runs = await Promise.all(
          seeds.map(async ([seed, base]) => {
            const source = await loadSource(seedPath(seed), [
              `client.base_url=${emulator.url}${base}`,
              `client.auth.token_url=${emulator.url}${base}/oauth2/token`,
            ]);
            const db = join(dir, `chaos-${seed}.db`);
            const handle = await startSync({
              client,
              source,
              destination: { url: `sqlite:${db}`, dataset: `chaos${seed}` },
              taskQueue,
            });
            return { seed, db, result: await handle.result() };
          }),
        );
        for (const { seed, db, result } of runs) {
          assert.equal(result.status, 'completed', `seed ${seed}: ${JSON.stringify(result.resources)}`);
          for (const [resource, expected] of Object.entries(emulator.truth(seed))) {
            const key = seed === '000' || seed === '001' ? 'file_id' : 'id';
            assertTableMatches(readSqliteTable(db, resource), expected, key);
          }
        }
      });
      const kinds = emulator.stats.faultsByKind;
      assert.ok(emulator.stats.faults >= 50, `injected ${emulator.stats.faults} faults`);
      for (const kind of ['429', '500', '502', '503', '504', 'truncated', 'reset', 'html'])
        assert.ok((kinds[kind] ?? 0) > 0, `some ${kind} faults (${JSON.stringify(kinds)})`);
    } finally {
      await emulator.close();
    }
  });
});

/** Waits for a workflow result while the server comes back, retrying connection errors. */
async function resultWithRetries<T>(get: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await get();
    } catch (error) {
      if (attempt >= 30 || error instanceof WorkflowFailedError) throw error;
      await sleep(1000);
    }
  }
}
