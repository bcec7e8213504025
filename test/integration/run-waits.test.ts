import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../../client/dev-server/free-port';
import { runCli } from '../support/cli';
import { CliProcess } from '../support/cli-process';
import { seedPath } from '../support/seeds';
import { EMULATOR_CREDENTIALS, startSyncFixture, type SyncFixture } from '../support/sync-fixture';

describe('run --temporal never waits in silence', () => {
  let fixture: SyncFixture;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-waits-'));

  before(async () => {
    fixture = await startSyncFixture({ name: 'waits', emulator: { latencyMs: 30 } });
  });
  after(() => fixture.stop());

  const args = (queue: string, dest: string, dataset: string) => [
    'run',
    seedPath('000'),
    '--temporal',
    fixture.temporal.address,
    '--task-queue',
    queue,
    '--dest',
    dest,
    '--dataset',
    dataset,
    '--set',
    `client.base_url=${fixture.emulator.url}`,
    '--set',
    `client.auth.token_url=${fixture.emulator.url}/oauth2/token`,
    '--set',
    'resources.files.endpoint.paginator.limit=5',
  ];

  test('with no worker on the queue, run says so within 10 s with the command that starts one', async () => {
    const queue = `nobody-${process.pid}`;
    const run = new CliProcess(args(queue, `sqlite:${join(dir, 'none.db')}`, `none${process.pid}`), {
      env: EMULATOR_CREDENTIALS,
    });
    try {
      await run.waitFor(/Temporal UI:/);
      const started = Date.now();
      await run.waitFor(
        new RegExp(`No worker polls task queue '${queue}'.*sluice worker --temporal \\S+ .*--task-queue ${queue}`),
        10_000,
      );
      assert.ok(Date.now() - started < 10_000);
      run.child.kill('SIGTERM');
      assert.equal((await run.exited).code, 143, 'SIGTERM detaches with the shell code of an interrupted command');
      assert.match(run.stderr, /SIGTERM: detached; sync \S+ keeps running/);
    } finally {
      run.kill();
      const id = `sluice-none${process.pid}-000_026a418351b15901`;
      await fixture.client.workflow
        .getHandle(id)
        .terminate('test cleanup')
        .catch(() => undefined);
    }
  });

  test('SIGINT detaches within 2 s, printing how to watch, pause and cancel, and the sync keeps running', async () => {
    const dataset = `detach${process.pid}`;
    const run = new CliProcess(args(fixture.taskQueue, `sqlite:${join(dir, 'detach.db')}`, dataset), {
      env: EMULATOR_CREDENTIALS,
    });
    try {
      await run.waitFor(/Temporal UI:/);
      const sent = Date.now();
      run.child.kill('SIGINT');
      const { code, at } = await run.exited;
      assert.ok(at - sent < 2000, `exited ${at - sent} ms after SIGINT`);
      assert.equal(code, 130, 'neither 0 (nothing is known to have completed) nor 1 (the sync failed)');
      assert.match(run.stderr, /SIGINT: detached; sync \S+ keeps running/);
      assert.match(run.stderr, /watch: {2}sluice progress \S+ --temporal/);
      assert.match(run.stderr, /cancel: sluice cancel \S+ --temporal/);
      const handle = fixture.client.workflow.getHandle(`sluice-${dataset}-000_026a418351b15901`);
      assert.equal((await handle.result()).status, 'completed');
    } finally {
      run.kill();
    }
  });

  test('an unreachable PostgreSQL fails the sync within 30 s, naming it and the cause', async () => {
    const dest = `postgres://sluice@127.0.0.1:${await freePort()}/warehouse`;
    const started = Date.now();
    const result = await runCli(args(fixture.taskQueue, dest, `unreachable${process.pid}`), {
      env: EMULATOR_CREDENTIALS,
      timeoutMs: 60_000,
    });
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /cannot open the destination postgres:\/\/sluice@127\.0\.0\.1:\d+\/warehouse .*ECONNREFUSED/,
    );
  });

  test('a --dest of an unknown scheme fails before anything starts', async () => {
    const result = await runCli(args(fixture.taskQueue, 'mysql://db/x', `mysql${process.pid}`), {
      env: EMULATOR_CREDENTIALS,
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--dest must be sqlite:PATH or postgres:\/\/…, got 'mysql:\/\/db\/x'\n$/);
  });
});
