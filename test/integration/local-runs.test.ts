import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../../client/dev-server/free-port';
import { startEmulator, type Emulator } from '../../emulator';
import { runCli } from '../support/cli';
import { CliProcess } from '../support/cli-process';
import { assertTableMatches, readSqliteTable } from '../support/compare-table';
import { seedPath } from '../support/seeds';

/**
 * Embedded runs on one machine, against the shared background Temporal server. Each test file gets its own server
 * (SLUICE_HOME and SLUICE_TEMPORAL_PORT), so parallel test runs never meet on localhost:7233.
 */
describe('embedded runs share one background server and never cross', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-local-'));
  let env: Record<string, string>;
  let fast: Emulator;
  let slow: Emulator;

  before(async () => {
    env = {
      SLUICE_HOME: join(dir, 'home'),
      SLUICE_TEMPORAL_PORT: String(await freePort()),
      CLIENT_ID: 'sluice-client',
    };
    fast = await startEmulator({ clientSecret: 'secret-of-a' });
    slow = await startEmulator({ clientSecret: 'secret-of-b', latencyMs: 150 });
  });
  after(async () => {
    await runCli(['server', 'stop'], { env });
    await fast.close();
    await slow.close();
  });

  const args = (seed: '000' | '001', emulator: Emulator, db: string, extra: string[] = []) => [
    'run',
    seedPath(seed),
    '--dest',
    `sqlite:${join(dir, db)}`,
    '--set',
    `client.base_url=${emulator.url}`,
    '--set',
    `client.auth.token_url=${emulator.url}/oauth2/token`,
    ...extra,
  ];
  const slowFiles = ['--set', 'resources.cloud_storage_files.endpoint.paginator.limit=5'];

  test('two runs of different sources, each with a secret the other lacks, both complete, the second after the first exits', async () => {
    const a = new CliProcess(args('000', fast, 'a.db'), { env: { ...env, CLIENT_SECRET: 'secret-of-a' } });
    const b = new CliProcess(args('001', slow, 'b.db', slowFiles), { env: { ...env, CLIENT_SECRET: 'secret-of-b' } });
    const [doneA, doneB] = await Promise.all([a.exited, b.exited]);
    assert.equal(doneA.code, 0, a.stderr);
    assert.equal(doneB.code, 0, b.stderr);
    assert.ok(doneA.at < doneB.at, 'the first run exited while the second still ran');
    const starts = [a.stderr, b.stderr].filter((log) => /Starting the local Temporal server/.test(log));
    assert.equal(starts.length, 1, 'one run started the shared server, the other attached');
    assertTableMatches(readSqliteTable(join(dir, 'a.db'), 'files'), fast.truth('000').files!, 'file_id');
    const truth = slow.truth('001').cloud_storage_files!;
    assertTableMatches(readSqliteTable(join(dir, 'b.db'), 'cloud_storage_files'), truth, 'file_id');
  });

  test('a sync re-run right after it finished completes with no warning, never waiting for the exited worker', async () => {
    const withSecret = { ...env, CLIENT_SECRET: 'secret-of-a' };
    for (const round of ['first', 'second']) {
      const run = await runCli(args('000', fast, 'again.db'), { env: withSecret });
      assert.equal(run.code, 0, `${round} run: ${run.stderr}`);
      // The server still lists the first run's worker as a poller of the same queue during the second.
      assert.doesNotMatch(run.stderr, /\[warn\]|did not answer/, `${round} run warns about nothing:\n${run.stderr}`);
    }
  });

  test('a re-run into another destination while the first runs is refused, naming the running one', async () => {
    const withSecret = { ...env, CLIENT_SECRET: 'secret-of-b' };
    const first = new CliProcess(args('001', slow, 'c.db', slowFiles), { env: withSecret });
    try {
      await first.waitFor(/Temporal UI:/);
      const second = await runCli(args('001', slow, 'other.db', slowFiles), { env: withSecret });
      assert.equal(second.code, 1);
      assert.match(second.stderr, /is already running into sqlite:.*c\.db, not sqlite:.*other\.db: wait for it/);
      assert.equal((await first.exited).code, 0, first.stderr);
    } finally {
      first.kill();
    }
  });

  test('the first Ctrl-C cancels an embedded run, which ends Cancelled and keeps its committed pages', async () => {
    const withSecret = { ...env, CLIENT_SECRET: 'secret-of-b' };
    const run = new CliProcess(args('001', slow, 'd.db', slowFiles), { env: withSecret });
    try {
      await run.waitFor(/Temporal UI:/);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      run.child.kill('SIGINT');
      const { code } = await run.exited;
      assert.equal(code, 1);
      assert.match(run.stderr, /SIGINT: cancelling sync/);
      assert.match(run.stderr.trim().split('\n').at(-1)!, /was cancelled: committed pages are kept/);
    } finally {
      run.kill();
    }
  });

  test('a run whose source caps its concurrency leaves no limiter workflow running once it ends', async () => {
    // Seed 000 with `client.max_concurrency`, which the workers' limiter workflow enforces.
    const config = join(dir, 'capped.txt');
    writeFileSync(
      config,
      readFileSync(seedPath('000'), 'utf8').replace('"client": {', '"client": {"max_concurrency": 2,'),
    );
    const run = await runCli(['run', config, ...args('000', fast, 'capped.db').slice(2)], {
      env: { ...env, CLIENT_SECRET: 'secret-of-a' },
    });
    assert.equal(run.code, 0, run.stderr);
    const connection = await Connection.connect({ address: `127.0.0.1:${env.SLUICE_TEMPORAL_PORT}` });
    try {
      const client = new Client({ connection });
      // Visibility catches up with the termination shortly after it.
      let statuses: string[] = [];
      for (let waited = 0; waited < 5000; waited += 100) {
        statuses = [];
        for await (const limiter of client.workflow.list({ query: 'WorkflowType = "apiLimiter"' }))
          if (limiter.workflowId.includes('/capped/')) statuses.push(limiter.status.name);
        if (statuses.length === 1 && statuses[0] === 'TERMINATED') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(statuses, ['TERMINATED'], 'the run used a limiter and ended it');
    } finally {
      await connection.close();
    }
  });

  test('the shared server outlives every run until `sluice server stop`', async () => {
    const running = await runCli(['server', 'status'], { env });
    assert.equal(running.code, 0, running.stderr);
    assert.match(running.stdout, new RegExp(`^running on 127\\.0\\.0\\.1:${env.SLUICE_TEMPORAL_PORT} `));
    const stopped = await runCli(['server', 'stop'], { env });
    assert.match(stopped.stderr, /stopped the local Temporal server/);
    const after = await runCli(['server', 'status'], { env });
    assert.equal(after.code, 1);
    assert.match(after.stderr, /^sluice server status: no local Temporal server runs: /);
  });
});
