import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { processAlive } from '../../bin/process-alive.js';
import { freePort } from '../../client/dev-server/free-port';
import { startEmulator, type Emulator } from '../../emulator';
import { runCli } from '../support/cli';
import { CliProcess } from '../support/cli-process';
import { runCliOnTerminal } from '../support/pseudo-terminal';
import { assertTableMatches, readSqliteTable } from '../support/compare-table';
import { seedPath } from '../support/seeds';

/**
 * The standby beside the shared local server: a process with a run's modules loaded that serves the next `sluice run`.
 * A served run must behave exactly as one run in its own process: the run's environment, working directory, output,
 * exit code and signals, never the standby's.
 */
describe('a standby serves a run as its own process would', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-standby-'));
  const standbyDir = join(dir, 'home', 'standby');
  let env: Record<string, string>;
  let emulator: Emulator;
  let slow: Emulator;

  /** The pids of the two standbys waiting on their sockets, once both do. */
  async function waitingStandbys(): Promise<number[]> {
    for (let waited = 0; waited < 20_000; waited += 50) {
      const sockets = existsSync(standbyDir) ? readdirSync(standbyDir).filter((name) => name.endsWith('.sock')) : [];
      if (sockets.length === 2)
        return sockets.map((socket) => Number(readFileSync(join(standbyDir, `${socket}.pid`), 'utf8')));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`two standbys do not listen in ${standbyDir}`);
  }

  async function gone(pid: number, ms = 5000): Promise<boolean> {
    for (let waited = 0; waited < ms; waited += 50) {
      if (!processAlive(pid)) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  before(async () => {
    // CLIENT_SECRET is left out: the standby starts without it, and a run must bring its own.
    env = {
      SLUICE_HOME: join(dir, 'home'),
      SLUICE_TEMPORAL_PORT: String(await freePort()),
      CLIENT_ID: 'sluice-client',
      SLUICE_TIMINGS: '1',
    };
    emulator = await startEmulator({ clientSecret: 'secret-of-a' });
    slow = await startEmulator({ clientSecret: 'secret-of-a', latencyMs: 150 });
    const started = await runCli(['server', 'start'], { env });
    assert.equal(started.code, 0, started.stderr);
  });
  after(async () => {
    await runCli(['server', 'stop'], { env });
    await emulator.close();
    await slow.close();
  });

  const args = (target: Emulator, dest: string, extra: string[] = []) => [
    'run',
    seedPath('000'),
    '--dest',
    dest,
    '--set',
    `client.base_url=${target.url}`,
    '--set',
    `client.auth.token_url=${target.url}/oauth2/token`,
    ...extra,
  ];
  const slowPages = ['--set', 'resources.files.endpoint.paginator.limit=10'];

  test('a run is handed to a standby and runs with its own environment and working directory', async () => {
    const standbys = await waitingStandbys();
    const cwd = join(dir, 'work');
    mkdirSync(cwd);
    const run = await runCli(args(emulator, 'sqlite:relative.db', ['--json']), {
      env: { ...env, CLIENT_SECRET: 'secret-of-a' },
      cwd,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /handed to the standby/);
    assert.match(run.stderr, /Completed: load /);
    assert.equal(JSON.parse(run.stdout.trim().split('\n').at(-1)!).status, 'completed');
    assertTableMatches(readSqliteTable(join(cwd, 'relative.db'), 'files'), emulator.truth('000').files!, 'file_id');
    assert.equal(run.stderr.match(/ config loaded$/gm)?.length, 1, `each phase is timed once:\n${run.stderr}`);
    const served = await Promise.all(standbys.map((pid) => gone(pid, 3000)));
    assert.deepEqual(served.sort(), [false, true], 'the standby that served the run exits with it, the other waits');
    const next = await waitingStandbys();
    assert.equal(next.filter((pid) => standbys.includes(pid)).length, 1, 'a new standby replaces the one that served');
  });

  test('a run that fails prints the same error and exits with the same code as one in its own process', async () => {
    await waitingStandbys();
    const noSecret = { ...env, CLIENT_SECRET: '' };
    const served = await runCli(args(emulator, `sqlite:${join(dir, 'fails.db')}`), { env: noSecret });
    const own = await runCli(args(emulator, `sqlite:${join(dir, 'fails.db')}`), {
      env: { ...noSecret, SLUICE_STANDBY: '0' },
    });
    assert.match(served.stderr, /handed to the standby/);
    assert.doesNotMatch(own.stderr, /handed to the standby/);
    assert.equal(served.code, 1, served.stderr);
    assert.equal(served.code, own.code);
    const errorLine = (stderr: string) => stderr.split('\n').find((line) => line.startsWith('sluice run:'));
    assert.match(errorLine(served.stderr) ?? '', /CLIENT_SECRET/);
    assert.equal(errorLine(served.stderr), errorLine(own.stderr));
  });

  test('on a terminal, the served run draws its live progress lines there', async () => {
    await waitingStandbys();
    const result = await runCliOnTerminal(args(slow, `sqlite:${join(dir, 'terminal.db')}`, slowPages), {
      env: { ...env, CLIENT_SECRET: 'secret-of-a' },
    });
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /handed to the standby/);
    const frames = result.stdout
      .split('\u001b[1G')
      .flatMap((part) => part.split(/\r|\n/))
      .filter((line) => /^files +running +[\d,]+ records/.test(line));
    assert.ok(frames.length > 0, `no live progress line among:\n${result.stdout}`);
    assert.match(result.stdout, /^ {2}files +350 records +35 pages {2}completed\r?$/m);
  });

  test('Ctrl-C reaches the served run, which cancels its sync and keeps the committed pages', async () => {
    await waitingStandbys();
    const run = new CliProcess(args(slow, `sqlite:${join(dir, 'cancelled.db')}`, slowPages), {
      env: { ...env, CLIENT_SECRET: 'secret-of-a' },
    });
    try {
      await run.waitFor(/Temporal UI:/);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      run.child.kill('SIGINT');
      const { code } = await run.exited;
      assert.equal(code, 1, run.stderr);
      assert.match(run.stderr, /handed to the standby/);
      assert.match(run.stderr, /SIGINT: cancelling sync/);
      assert.match(run.stderr, /was cancelled: committed pages are kept/);
    } finally {
      run.kill();
    }
  });

  test('killing the run outright ends the standby serving it, as it would end a worker in its own process', async () => {
    const standbys = await waitingStandbys();
    const run = new CliProcess(args(slow, `sqlite:${join(dir, 'killed.db')}`, slowPages), {
      env: { ...env, CLIENT_SECRET: 'secret-of-a' },
    });
    try {
      await run.waitFor(/Temporal UI:/);
      assert.ok(standbys.every(processAlive), 'one standby serves the run, the other waits');
      run.child.kill('SIGKILL');
      await run.exited;
      const ended = await Promise.all(standbys.map((pid) => gone(pid, 3000)));
      assert.deepEqual(ended.sort(), [false, true], 'the standby serving the run exits once the run is killed');
    } finally {
      run.kill();
    }
  });

  test("a served run works on its standby's own queue, where the next run finishes it once it is killed", async () => {
    const connection = await Connection.connect({ address: `127.0.0.1:${env.SLUICE_TEMPORAL_PORT}` });
    try {
      const client = new Client({ connection });
      // The killed sync is finished first by a run in its own process, then by one a standby serves.
      for (const [rerun, rerunEnv] of [
        ['own', { SLUICE_STANDBY: '0' }],
        ['served', {}],
      ] as const) {
        await waitingStandbys();
        const db = join(dir, `rerun-${rerun}.db`);
        const argv = args(slow, `sqlite:${db}`, [...slowPages, '--dataset', `rerun_${rerun}`]);
        const killed = new CliProcess(argv, { env: { ...env, CLIENT_SECRET: 'secret-of-a' } });
        let runId: string;
        try {
          await killed.waitFor(/Temporal UI:/);
          runId = /\/([^/]+)\/history/.exec(killed.stderr)![1]!;
          const workflowId = /^Sync (\S+) →/m.exec(killed.stderr)![1]!;
          const description = await client.workflow.getHandle(workflowId).describe();
          assert.match(description.taskQueue, /^sluice-run-\d+-[0-9a-f]{8}$/, "the standby's prepared worker runs it");
          await new Promise((resolve) => setTimeout(resolve, 1000));
          killed.child.kill('SIGKILL');
          await killed.exited;
        } finally {
          killed.kill();
        }
        const finished = await runCli(argv, { env: { ...env, ...rerunEnv, CLIENT_SECRET: 'secret-of-a' } });
        assert.equal(finished.code, 0, finished.stderr);
        assert.match(finished.stderr, new RegExp(`/${runId}/history`), 'the next run attached to the killed sync');
        assertTableMatches(readSqliteTable(db, 'files'), slow.truth('000').files!, 'file_id');
      }
    } finally {
      await connection.close();
    }
  });

  test('three runs at once all complete: the two standbys serve two, the third runs in its own process', async () => {
    await waitingStandbys();
    const runs = ['x', 'y', 'z'].map(
      (name) =>
        new CliProcess(args(emulator, `sqlite:${join(dir, `${name}.db`)}`, ['--dataset', `both_${name}`]), {
          env: { ...env, CLIENT_SECRET: 'secret-of-a' },
        }),
    );
    const exits = await Promise.all(runs.map((run) => run.exited));
    exits.forEach(({ code }, i) => assert.equal(code, 0, runs[i]!.stderr));
    const served = runs.filter((run) => /handed to the standby/.test(run.stderr));
    assert.equal(served.length, 2, 'two runs were handed to the standbys');
    for (const name of ['x', 'y', 'z'])
      assertTableMatches(readSqliteTable(join(dir, `${name}.db`), 'files'), emulator.truth('000').files!, 'file_id');
  });

  test('a standby that receives garbage or an incomplete run request drops it and serves the next run', async () => {
    const standbys = await waitingStandbys();
    const sockets = readdirSync(standbyDir).filter((name) => name.endsWith('.sock'));
    for (const line of ['not json', '[1]', JSON.stringify({ type: 'run', argv: ['run'] })]) {
      for (const socket of sockets) {
        const connection = createConnection(join(standbyDir, socket));
        const closed = new Promise((resolve) => connection.once('close', resolve));
        connection.on('error', () => undefined);
        connection.write(`${line}\n`);
        await closed;
      }
    }
    for (const pid of standbys) assert.ok(processAlive(pid), 'the standby still waits');
    const run = await runCli(args(emulator, `sqlite:${join(dir, 'after-garbage.db')}`, ['--dataset', 'after']), {
      env: { ...env, CLIENT_SECRET: 'secret-of-a' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /handed to the standby/);
    assertTableMatches(
      readSqliteTable(join(dir, 'after-garbage.db'), 'files'),
      emulator.truth('000').files!,
      'file_id',
    );
  });

  test('`sluice server status` names the standbys waiting', async () => {
    const standbys = await waitingStandbys();
    const status = await runCli(['server', 'status'], { env });
    assert.equal(status.code, 0, status.stderr);
    const line = status.stdout.split('\n').find((l) => l.startsWith('standbys waiting: '));
    assert.equal(line, `standbys waiting: 2 (pid ${[...standbys].sort((a, b) => a - b).join(', ')})`);
  });

  test('`sluice server stop` stops the waiting standbys and removes their sockets', async () => {
    const standbys = await waitingStandbys();
    const stopped = await runCli(['server', 'stop'], { env });
    assert.equal(stopped.code, 0, stopped.stderr);
    for (const pid of standbys) assert.ok(await gone(pid), 'each standby exits with the server');
    assert.deepEqual(
      readdirSync(standbyDir).filter((name) => name.endsWith('.sock')),
      [],
    );
  });
});
