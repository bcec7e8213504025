import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../../client/dev-server/free-port';
import { runCli } from '../support/cli';
import { CliProcess } from '../support/cli-process';

/** A plain TCP listener that is not Temporal: what a port taken by another program looks like. */
function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.end());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('sluice server says why it cannot start, in one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-server-'));
  let taken: number;
  let listener: Server;

  before(async () => {
    taken = await freePort();
    listener = await occupy(taken);
  });
  after(() => new Promise<void>((resolve) => listener.close(() => resolve())));

  test('`server start` on a port another process holds names the port and what to do', async () => {
    const home = join(dir, 'taken');
    const result = await runCli(['server', 'start'], {
      env: { SLUICE_HOME: home, SLUICE_TEMPORAL_PORT: String(taken) },
    });
    assert.equal(result.code, 1);
    assert.deepEqual(result.stderr.trim().split('\n'), [
      `sluice server start: cannot start the Temporal server: port ${taken} on 127.0.0.1 is in use by another process; stop that process, or set SLUICE_TEMPORAL_PORT to a free port`,
    ]);
    assert.equal(existsSync(join(home, 'server.json')), false, 'no server is recorded as running');
  });

  test('`run` on a port held by a program that accepts and never answers fails within seconds, naming the port', async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, '127.0.0.1', () => resolve((silent.address() as AddressInfo).port)),
    );
    try {
      const config = join(dir, 'silent.json');
      writeFileSync(config, JSON.stringify({ client: { base_url: 'http://127.0.0.1:1' }, resources: ['files'] }));
      const started = Date.now();
      const result = await runCli(['run', config], {
        env: { SLUICE_HOME: join(dir, 'silent'), SLUICE_TEMPORAL_PORT: String(port) },
        timeoutMs: 60_000,
      });
      assert.equal(result.code, 1);
      const last = result.stderr.trim().split('\n').at(-1)!;
      assert.match(last, new RegExp(`^sluice run: .*127\\.0\\.0\\.1:${port}`));
      assert.ok(Date.now() - started < 20_000, `failed after ${Date.now() - started} ms`);
    } finally {
      held.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('`server start` whose server fails prints the cause from the server’s own log, not its exit code', async () => {
    const home = join(dir, 'unwritable');
    mkdirSync(join(home, 'temporal.db'), { recursive: true });
    const port = String(await freePort());
    const result = await runCli(['server', 'start'], { env: { SLUICE_HOME: home, SLUICE_TEMPORAL_PORT: port } });
    assert.equal(result.code, 1);
    const last = result.stderr.trim().split('\n').at(-1)!;
    assert.match(
      last,
      new RegExp(
        `^sluice server start: the Temporal server could not start on 127\\.0\\.0\\.1:${port}: .*unable to open database file.* \\(log: .*temporal\\.log\\)$`,
      ),
    );
    assert.doesNotMatch(last, /exited with code|level=|time=/);
  });

  test('`server` in the foreground on a UI port in use names it, from a directory with no state yet', async () => {
    const cwd = join(dir, 'fresh');
    mkdirSync(cwd);
    const args = ['server', '--port', String(await freePort()), '--ui-port', String(taken)];
    const result = await runCli(args, { cwd });
    assert.equal(result.code, 1);
    assert.deepEqual(result.stderr.trim().split('\n'), [
      `sluice server: cannot start the Temporal server: UI port ${taken} on 127.0.0.1 is in use by another process; stop that process, or choose another with --ui-port`,
    ]);
  });

  test('`server` in the foreground keeps its log in .sluice even with its state elsewhere, and stops on Ctrl-C', async () => {
    const cwd = join(dir, 'fresh-start');
    mkdirSync(cwd);
    const db = join(dir, 'elsewhere', 'temporal.db');
    const args = ['server', '--port', String(await freePort()), '--ui-port', String(await freePort()), '--db', db];
    const server = new CliProcess(args, { cwd });
    try {
      await server.waitFor(/Press Ctrl-C to stop/);
      server.child.kill('SIGINT');
      const { code } = await server.exited;
      const stderr = server.stderr;
      assert.match(stderr, /Temporal is serving on 127\.0\.0\.1:\d+ \(state in .*elsewhere\/temporal\.db\)/);
      assert.equal(code, 0, stderr);
      assert.ok(existsSync(join(cwd, '.sluice', 'temporal.log')));
    } finally {
      server.kill();
    }
  });
});
