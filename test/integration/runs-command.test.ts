import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { startEmulator, type Emulator } from '../../emulator';
import type { LoadRecord } from '../../engine/destinations/destination';
import { runCli } from '../support/cli';
import { seedPath } from '../support/seeds';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

describe('sluice runs lists every attempt', () => {
  let fixture: SyncFixture;
  let emulator: Emulator;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-runs-'));
  const db = join(dir, 'runs.db');
  let run = 0;

  before(async () => {
    fixture = await startSyncFixture({ name: 'runs' });
    emulator = await startEmulator({ latencyMs: 30 });
  });
  after(async () => {
    await emulator.close();
    await fixture.stop();
  });

  async function start(sets: string[]) {
    const source = await loadSource(seedPath('000'), [
      `client.base_url=${emulator.url}`,
      `client.auth.token_url=${emulator.url}/oauth2/token`,
      'resources.files.endpoint.paginator.limit=5',
      ...sets,
    ]);
    run += 1;
    const workflowId = `runs-${process.pid}-${run}`;
    const destination = { url: `sqlite:${db}`, dataset: 'runs' };
    return startSync({ client: fixture.client, source, destination, taskQueue: fixture.taskQueue, workflowId });
  }

  test('a failed and a cancelled attempt stay listed, with start and duration, after a run completes the load', async () => {
    const failed = await start(['resources.files.endpoint.path=/v1/no-such-path']);
    await assert.rejects(failed.result());
    emulator.resetStats();
    const cancelled = await start([]);
    while ((emulator.stats.byPath['/v1/files'] ?? 0) < 3) await sleep(10);
    await cancelled.cancel();
    await assert.rejects(cancelled.result());
    const completed = await start([]);
    assert.equal((await completed.result()).resumed, true);

    const json = await runCli(['runs', '--dest', `sqlite:${db}`, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const rows = JSON.parse(json.stdout) as LoadRecord[];
    assert.deepEqual(
      rows.map((row) => row.status),
      ['completed', 'cancelled', 'failed'],
    );
    assert.equal(new Set(rows.map((row) => row.loadId)).size, 1, 'the three attempts are one load');
    for (const row of rows) assert.ok(row.finishedAt && Date.parse(row.finishedAt) >= Date.parse(row.startedAt));
    assert.match(rows[2]!.error!, /404/);
    assert.equal(rows[0]!.records, emulator.truth('000').files!.size);

    const text = await runCli(['runs', '--dest', `sqlite:${db}`]);
    const lines = text.stdout.trim().split('\n');
    assert.equal(lines.length, 3, text.stdout);
    const row = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+s {2}[0-9a-f]{8} {2}000_\w+\/files {2}(\w+) {2}[\d,]+ records/;
    assert.deepEqual(
      lines.map((line) => row.exec(line)?.[1]),
      ['completed', 'cancelled', 'failed'],
    );
  });

  test('a file that is not a sluice dataset is reported and left untouched', async () => {
    const file = join(dir, 'notes.db');
    writeFileSync(file, '');
    const result = await runCli(['runs', '--dest', `sqlite:${file}`]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^sluice runs: dataset 'default' does not exist in sqlite:.*notes\.db: nothing has been synced/,
    );
    assert.equal(statSync(file).size, 0, 'no sluice tables were created in it');
  });
});
