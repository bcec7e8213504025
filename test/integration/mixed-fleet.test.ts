import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import protos from '@temporalio/proto';
import { startEmulator, type Emulator } from '../../emulator';
import { lastJsonLine, runCli } from '../support/cli';
import { emulatorClient } from '../support/emulator-client';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';

const { TaskQueueKind, TaskQueueType } = protos.temporal.api.enums.v1;

describe('a fleet whose workers differ in secrets', () => {
  let temporal: TestTemporal;
  let client: Client;
  let emulator: Emulator;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-fleet-'));
  const taskQueue = `fleet-${process.pid}`;
  const secretsFile = join(dir, 'empty-secrets.toml');
  const config = join(dir, 'fleet.json');
  const args = ['--temporal', '', '--task-queue', taskQueue, '--secrets', secretsFile];
  let holder: WorkerProcess;
  let lacking: WorkerProcess;

  /** Waits until `count` workers poll the queue for activities, so that every run meets the whole fleet. */
  async function waitForPollers(count: number): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const { pollers } = await client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      });
      if (pollers.length >= count) return;
      await sleep(100);
    }
    throw new Error(`fewer than ${count} workers poll ${taskQueue}`);
  }

  before(async () => {
    temporal = await testTemporal();
    args[1] = temporal.address;
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    emulator = await startEmulator({ sizes: { resource: 120 } });
    writeFileSync(secretsFile, '');
    writeFileSync(
      config,
      JSON.stringify({
        client: emulatorClient(emulator.url),
        resources: [
          {
            name: 'items',
            endpoint: { path: '/v1/resource', data_selector: 'data', paginator: { type: 'offset', limit: 50 } },
          },
        ],
      }),
    );
    holder = new WorkerProcess(args, { CLIENT_ID: 'sluice-client', CLIENT_SECRET: 'sluice-secret' });
    lacking = new WorkerProcess(args, { CLIENT_ID: 'sluice-client', CLIENT_SECRET: '' });
    await Promise.all([holder.start(), lacking.start()]);
    await waitForPollers(2);
  });
  after(async () => {
    await holder?.stop();
    await lacking?.stop();
    await client?.connection.close();
    await emulator?.close();
    await temporal?.stop();
  });

  const run = (dataset: string) =>
    runCli(
      [
        'run',
        config,
        ...args.slice(0, 4),
        '--json',
        '--dataset',
        dataset,
        '--dest',
        `sqlite:${join(dir, `${dataset}.db`)}`,
      ],
      {
        env: { CLIENT_ID: 'sluice-client', CLIENT_SECRET: 'sluice-secret' },
        cwd: dir,
      },
    );

  test('five runs each fail at once, naming the secret and the worker that lacks it, before any request', async () => {
    const identity = `${lacking.pid}@${hostname()}`;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const started = Date.now();
      const cli = await run(`fleet_${attempt}`);
      assert.equal(cli.code, 1, `run ${attempt}: ${cli.stdout}${cli.stderr}`);
      assert.ok(
        cli.stderr.includes(`worker ${identity} lacks secret 'client_secret' (not set)`),
        `run ${attempt} names the secret and the worker:\n${cli.stderr}`,
      );
      assert.ok(!cli.stderr.includes(`${holder.pid}@`), `run ${attempt} does not blame the worker that holds it`);
      assert.ok(Date.now() - started < 20_000, `run ${attempt} failed within 20 s`);
    }
    assert.equal(emulator.stats.requests, 0, 'no run sent a request to the API');
  });

  test('once the worker without the secret leaves, the same source completes without waiting for it', async () => {
    const gone = `${lacking.pid}@${hostname()}`;
    await lacking.stop();
    const cli = await run('fleet_whole');
    assert.equal(cli.code, 0, `${cli.stdout}${cli.stderr}\n${holder.log}`);
    assert.equal(lastJsonLine(cli.stdout).resources.items!.records, 120);
    // The server still lists the stopped worker as a poller; the check sees it has exited instead of asking it.
    assert.ok(holder.log.includes('has exited'), `the check left out the exited worker:\n${holder.log}`);
    assert.ok(holder.log.includes(gone), `the log names it:\n${holder.log}`);
    assert.ok(!holder.log.includes('did not answer the secrets check'), `nothing waited for it:\n${holder.log}`);
  });
});
