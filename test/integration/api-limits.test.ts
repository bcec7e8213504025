import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { startEmulator, type Emulator } from '../../emulator';
import { emulatorClient } from '../support/emulator-client';
import { EMULATOR_CREDENTIALS } from '../support/sync-fixture';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';
import { resourceWorkflowId } from '../../workflows';
import { DEFAULT_MAX_CONCURRENCY, limiterWorkflowId } from '../../activities/api-limits';
import { LIMITER_RUN_TIMEOUT_MS } from '../../workflows/api-limiter';
import { createSluiceWorker } from '../../worker';

const WORKERS = 3;
const RESOURCES = ['files_a', 'files_b', 'files_c'];
const WINDOW_MS = 5000;

/** The most requests that arrived within any `windowMs` window starting at a request. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end++;
    most = Math.max(most, end - start);
  }
  return most;
}

describe('API limits hold across three worker processes', () => {
  let temporal: TestTemporal;
  let client: Client;
  const workers: WorkerProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sluice-limits-'));
  const taskQueue = `limits-${process.pid}`;
  let run = 0;

  before(async () => {
    // The in-process worker of the last test reads the API credentials from this process's environment.
    Object.assign(process.env, EMULATOR_CREDENTIALS);
    temporal = await testTemporal();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    for (let i = 0; i < WORKERS; i++) {
      const worker = new WorkerProcess(
        ['--temporal', temporal.address, '--task-queue', taskQueue],
        EMULATOR_CREDENTIALS,
      );
      workers.push(worker);
    }
    // The first start may compile the CLI; the others then reuse it.
    await workers[0]!.start();
    await Promise.all(workers.slice(1).map((worker) => worker.start()));
  });
  after(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await client?.connection.close();
    await temporal?.stop();
  });

  /** Syncs three resources that each page through `/v1/files`, so every worker has work, and returns the result. */
  async function syncThreeResources(
    emulator: Emulator,
    limits: Record<string, number>,
    pageSize: number,
    queue = taskQueue,
  ) {
    const config = join(dir, `limits-${++run}.json`);
    const resource = (name: string) => ({
      name,
      primary_key: 'file_id',
      endpoint: {
        path: '/v1/files',
        data_selector: 'files',
        paginator: { type: 'offset', limit: pageSize, total_path: 'total' },
      },
    });
    writeFileSync(
      config,
      JSON.stringify({
        client: { ...emulatorClient(emulator.url), ...limits },
        resources: RESOURCES.map(resource),
      }),
    );
    const source = await loadSource(config);
    const handle = await startSync({
      client,
      source,
      destination: { url: `sqlite:${join(dir, `limits-${run}.db`)}`, dataset: `limits_${run}` },
      taskQueue: queue,
    });
    const result = await handle.result();
    return { result, source, workers: await workersThatFetched(handle.workflowId) };
  }

  /** The identities of the workers that ran the sync's page activities. */
  async function workersThatFetched(workflowId: string): Promise<Set<string>> {
    const identities = new Set<string>();
    for (const name of RESOURCES) {
      const history = await client.workflow.getHandle(resourceWorkflowId(workflowId, name)).fetchHistory();
      for (const event of history.events ?? []) {
        const identity = event.activityTaskStartedEventAttributes?.identity;
        if (identity) identities.add(identity);
      }
    }
    return identities;
  }

  test('a rate limit of 10 requests/s holds in every 5 s window over a 60 s sync', async (t) => {
    const rate = 10;
    const emulator = await startEmulator({ sizes: { files: 1950 }, latencyMs: 20 });
    try {
      const started = Date.now();
      const { result, workers } = await syncThreeResources(emulator, { requests_per_second: rate }, 10);
      const seconds = (Date.now() - started) / 1000;
      assert.equal(result.status, 'completed');
      for (const name of RESOURCES) assert.equal(result.resources[name]!.records, 1950);
      assert.ok(workers.size >= 2, `pages were fetched by ${workers.size} worker(s)`);
      const times = emulator.stats.requestTimes;
      const busiest = busiestWindow(times, WINDOW_MS);
      const span = (Math.max(...times) - Math.min(...times)) / 1000;
      t.diagnostic(
        `${workers.size} workers, ${times.length} requests in ${span.toFixed(1)} s (sync ${seconds.toFixed(1)} s): ` +
          `${(times.length / span).toFixed(2)}/s overall, busiest 5 s window ${busiest} (limit ${rate * 5 * 1.1})`,
      );
      assert.ok(times.length >= 585, 'the sync made enough requests to measure');
      assert.ok(busiest <= rate * 5 * 1.1, `busiest 5 s window had ${busiest} requests`);
      assert.ok(busiest >= rate * 5 * 0.6, `the limit, not something else, set the pace (${busiest} in 5 s)`);
    } finally {
      await emulator.close();
    }
  });

  test('a concurrency cap of 3 is never exceeded, and is reached', async (t) => {
    const emulator = await startEmulator({ sizes: { files: 600 }, latencyMs: 150 });
    try {
      const { result, source, workers } = await syncThreeResources(emulator, { max_concurrency: 3 }, 20);
      assert.equal(result.status, 'completed');
      // The workers start the limiter with a run timeout, which only a limiter nobody serves any more reaches.
      const limiter = await client.workflow
        .getHandle(limiterWorkflowId(taskQueue, source.name, source.client.baseUrl))
        .describe();
      assert.equal(
        limiter.raw.executionConfig?.workflowRunTimeout?.seconds?.toString(),
        `${LIMITER_RUN_TIMEOUT_MS / 1000}`,
      );
      for (const name of RESOURCES) assert.equal(result.resources[name]!.records, 600);
      assert.ok(workers.size >= 2, `pages were fetched by ${workers.size} worker(s)`);
      t.diagnostic(
        `${workers.size} workers, ${emulator.stats.requests} requests, at most ${emulator.stats.maxInFlight} in flight`,
      );
      assert.equal(emulator.stats.maxInFlight, 3);
    } finally {
      await emulator.close();
    }
  });

  test('without limits, one worker sends a source at most a handful of requests at once', async (t) => {
    const emulator = await startEmulator({ sizes: { files: 2000 }, latencyMs: 150 });
    const queue = `${taskQueue}-default`;
    const worker = await createSluiceWorker({ address: temporal.address, taskQueue: queue });
    try {
      const { result } = await worker.worker.runUntil(syncThreeResources(emulator, {}, 50, queue));
      assert.equal(result.status, 'completed');
      t.diagnostic(`${emulator.stats.requests} requests, at most ${emulator.stats.maxInFlight} in flight`);
      // Three resources each prefetch up to 8 pages of a slow API: without the cap they would have 24 in flight.
      assert.ok(emulator.stats.maxInFlight <= DEFAULT_MAX_CONCURRENCY, `${emulator.stats.maxInFlight} in flight`);
      assert.ok(emulator.stats.maxInFlight > 3, 'the resources ran their pages in parallel');
    } finally {
      await worker.close();
      await emulator.close();
    }
  });

  test('a limiter renews its run while a worker serves it, and times out once none does', async () => {
    const queue = `${taskQueue}-unserved`;
    const worker = await createSluiceWorker({ address: temporal.address, taskQueue: queue });
    const running = worker.worker.run();
    try {
      const handle = await client.workflow.start('apiLimiter', {
        taskQueue: queue,
        workflowId: `limiter-renewal-${process.pid}`,
        workflowRunTimeout: '4s',
        args: [],
      });
      const first = (await handle.describe()).runId;
      // Served, it continues as new at half its run timeout, with the same timeout, and never reaches it.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      const served = await client.workflow.getHandle(handle.workflowId).describe();
      assert.equal(served.status.name, 'RUNNING');
      assert.notEqual(served.runId, first, 'the limiter continued as new');
      assert.equal(served.raw.executionConfig?.workflowRunTimeout?.seconds?.toString(), '4');
      worker.worker.shutdown();
      await running;
      // Unserved, its timers find no worker, and the server ends the run at its timeout.
      let status: string = served.status.name;
      for (let waited = 0; status === 'RUNNING' && waited < 15_000; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        status = (await client.workflow.getHandle(handle.workflowId).describe()).status.name;
      }
      assert.equal(status, 'TIMED_OUT');
    } finally {
      if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
      await running.catch(() => undefined);
      await worker.close();
    }
  });
});
