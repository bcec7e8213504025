import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { listSyncSchedules, triggerSchedule, type ScheduleStatus } from '../../client/schedules';
import type { SyncSourceResult } from '../../engine/sync-types';
import { startEmulator, type Emulator } from '../../emulator';
import { runCli } from '../support/cli';
import { readSqliteTable } from '../support/compare-table';
import { EMULATOR_CREDENTIALS } from '../support/sync-fixture';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';
import { emulatorClient } from '../support/emulator-client';

const INITIAL = '2024-07-01T00:00:00.000Z';

describe('sluice schedule: syncs on Temporal Schedules', () => {
  let temporal: TestTemporal;
  let client: Client;
  let emulator: Emulator;
  let worker: WorkerProcess;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-schedule-'));
  const taskQueue = `schedule-${process.pid}`;
  const dataset = `scheduled_${process.pid}`;
  const db = join(dir, 'scheduled.db');
  const config = join(dir, 'scheduled.json');

  before(async () => {
    temporal = await testTemporal();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    emulator = await startEmulator({ sizes: { resource: 120 } });
    worker = new WorkerProcess(['--temporal', temporal.address, '--task-queue', taskQueue], EMULATOR_CREDENTIALS);
    await worker.start();
    writeFileSync(
      config,
      JSON.stringify({
        client: emulatorClient(emulator.url),
        resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
        resources: [
          {
            name: 'resource_name',
            endpoint: {
              path: '/v1/resource',
              data_selector: 'data',
              paginator: { type: 'offset', limit: 50 },
              incremental: { cursor_path: 'updated_at', start_param: 'updated_since', initial_value: INITIAL },
            },
          },
        ],
      }),
    );
  });
  after(async () => {
    await worker?.stop();
    await client?.connection.close();
    await emulator?.close();
    await temporal?.stop();
  });

  const connect = () => ['--temporal', temporal.address];
  const sluice = async (...args: string[]) => {
    const result = await runCli([...args, ...connect()], { cwd: dir });
    assert.equal(result.code, 0, `sluice ${args.join(' ')} failed:\n${result.stderr}\n${worker.log}`);
    return result;
  };
  const scheduleId = `sluice-${dataset}-scheduled`;

  /** Polls the schedule's status until `done` holds, or fails with the last status seen. */
  async function waitFor(done: (status: ScheduleStatus) => boolean, what: string): Promise<ScheduleStatus> {
    let last: ScheduleStatus | undefined;
    for (let i = 0; i < 400; i++) {
      last = (await listSyncSchedules(client)).find((s) => s.scheduleId === scheduleId);
      if (last && done(last)) return last;
      await sleep(250);
    }
    throw new Error(`${what} not seen; last status: ${JSON.stringify(last)}\n${worker.log}`);
  }

  /** Triggers a run and waits for its result. */
  async function triggeredRun(previous: string | undefined): Promise<SyncSourceResult> {
    await sluice('schedule', 'trigger', config, '--dataset', dataset);
    const status = await waitFor((s) => !!s.lastRun && s.lastRun.workflowId !== previous, 'the triggered run');
    return client.workflow.getHandle(status.lastRun!.workflowId).result();
  }

  test('creates a schedule, triggers incremental runs, skips a trigger while a run goes, and deletes it', async () => {
    const truth = [...emulator.truth('004').resource_name!.values()].map((r) => String(r.updated_at)).sort();
    const first = truth.filter((value) => value >= INITIAL);
    const latest = first.at(-1)!;
    assert.ok(first.length > 50 && first.length < truth.length, 'the initial value filters part of several pages');

    const created = await runCli(
      ['schedule', 'create', config, '--cron', '0 0 1 1 *', '--dest', `sqlite:${db}`, '--dataset', dataset]
        .concat(['--task-queue', taskQueue])
        .concat(connect()),
      { cwd: dir },
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, new RegExp(`created schedule ${scheduleId}`));
    const again = await runCli(['schedule', 'create', config, '--every', '1h', '--dataset', dataset, ...connect()]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`schedule ${scheduleId} already exists: delete it first, or pass --id`));

    const fresh = await waitFor(() => true, 'the new schedule in the list');
    assert.equal(fresh.lastRun, undefined, 'no run before the first firing');
    assert.equal(fresh.spec, 'cron 0 0 1 1 *');
    assert.match(fresh.nextRun!, /^\d{4}-01-01T00:00:00/);

    const run1 = await triggeredRun(undefined);
    assert.equal(run1.status, 'completed');
    assert.equal(run1.resources.resource_name!.records, first.length);

    // With no worker polling, the second run stays running for as long as the next trigger takes to land.
    await worker.stop();
    await triggerSchedule(client, scheduleId);
    const running = await waitFor((s) => s.runs === 2 && s.lastRun?.outcome === 'running', 'the second run going');
    await triggerSchedule(client, scheduleId);
    const skipped = await waitFor((s) => s.skippedOverlap === 1, 'the skipped trigger');
    assert.equal(skipped.runs, 2, 'the trigger during a run started nothing');
    assert.equal(skipped.lastRun?.outcome, 'running');
    await worker.start();
    const run2 = await client.workflow.getHandle(running.lastRun!.workflowId).result();
    const done = await waitFor((s) => s.lastRun?.outcome === 'completed', 'the completed second run');
    assert.deepEqual([done.runs, done.skippedOverlap], [2, 1]);
    const listed: ScheduleStatus[] = JSON.parse((await sluice('schedule', 'list', '--json')).stdout);
    assert.deepEqual(
      listed.find((s) => s.scheduleId === scheduleId),
      done,
    );
    const text = (await sluice('schedule', 'list')).stdout;
    assert.match(text, /last run: \S+ completed/);
    assert.match(text, /skipped while a run was going: 1/);

    assert.equal(
      run2.resources.resource_name!.records,
      truth.filter((value) => value > latest).length,
      'the second run starts from the cursor the first committed',
    );
    assert.equal(readSqliteTable(db, 'resource_name').length, first.length, 'no duplicates');

    await sluice('schedule', 'delete', scheduleId);
    const gone = await runCli(['schedule', 'describe', scheduleId, ...connect()]);
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr.trim(), `sluice schedule describe: no schedule ${scheduleId}`);
  });
});
