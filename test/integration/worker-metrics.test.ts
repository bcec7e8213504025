import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../../client/dev-server/free-port';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { startEmulator, type Emulator } from '../../emulator';
import { emulatorClient } from '../support/emulator-client';
import { EMULATOR_CREDENTIALS } from '../support/sync-fixture';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';

/** Prometheus text: each sample's name, labels and value. */
function samples(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, name, labels, value] = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line)!;
      const parsed: Record<string, string> = {};
      for (const [, key, text] of (labels ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) parsed[key!] = text!;
      return { name: name!, labels: parsed, value: Number(value) };
    });
}

describe('sluice worker --metrics-port serves Prometheus metrics', () => {
  let temporal: TestTemporal;
  let client: Client;
  let emulator: Emulator;
  let worker: WorkerProcess;
  let metricsPort: number;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-metrics-'));
  const taskQueue = `metrics-${process.pid}`;

  before(async () => {
    temporal = await testTemporal();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    emulator = await startEmulator({ sizes: { files: 350, resource: 250 } });
    metricsPort = await freePort();
    worker = new WorkerProcess(
      ['--temporal', temporal.address, '--task-queue', taskQueue, '--metrics-port', String(metricsPort)],
      EMULATOR_CREDENTIALS,
    );
    await worker.start();
  });
  after(async () => {
    await worker?.stop();
    await client?.connection.close();
    await emulator?.close();
    await temporal?.stop();
  });

  test("a sync's page and record counters equal its result, next to the Temporal SDK's metrics", async () => {
    const config = join(dir, 'metrics.json');
    writeFileSync(
      config,
      JSON.stringify({
        client: emulatorClient(emulator.url),
        resources: [
          {
            name: 'files',
            primary_key: 'file_id',
            endpoint: {
              path: '/v1/files',
              data_selector: 'files',
              paginator: { type: 'offset', limit: 50, total_path: 'total' },
            },
          },
          {
            name: 'resource_name',
            primary_key: 'id',
            endpoint: {
              path: '/v1/resource',
              data_selector: 'data',
              paginator: { type: 'offset', limit: 40, total_path: null },
            },
          },
        ],
      }),
    );
    const handle = await startSync({
      client,
      source: await loadSource(config),
      destination: { url: `sqlite:${join(dir, 'metrics.db')}`, dataset: 'metrics' },
      taskQueue,
    });
    const result = await handle.result();
    assert.equal(result.status, 'completed');

    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(response.status, 200);
    const all = samples(await response.text());
    const total = (name: string, resource: string, labels: Record<string, string> = {}) =>
      all
        .filter((s) => s.name === name && s.labels.resource === resource && s.labels.source === 'metrics')
        .filter((s) => Object.entries(labels).every(([key, value]) => s.labels[key] === value))
        .reduce((sum, s) => sum + s.value, 0);

    for (const resource of ['files', 'resource_name']) {
      const outcome = result.resources[resource]!;
      assert.ok(outcome.pages > 1, `${resource} took several pages`);
      assert.equal(total('sluice_pages', resource), outcome.pages, `${resource} pages`);
      assert.equal(total('sluice_records', resource), outcome.records, `${resource} records`);
      assert.ok(total('sluice_http_responses', resource, { status: '200' }) >= outcome.pages, `${resource} 200s`);
      assert.ok(total('sluice_http_request_duration_count', resource) >= outcome.pages, `${resource} latencies`);
      assert.ok(total('sluice_commit_duration_count', resource) >= 1, `${resource} commit latencies`);
      assert.ok(total('sluice_prefetch_window', resource) >= 1, `${resource} prefetch window`);
    }
    const sdk = all.filter((s) => s.name.startsWith('temporal_worker_task_slots_available'));
    assert.ok(sdk.length > 0, 'the SDK reports its worker task slots');
    assert.ok(
      all.some((s) => s.name.startsWith('temporal_activity_execution_latency')),
      'and its activity latencies',
    );
  });
});
