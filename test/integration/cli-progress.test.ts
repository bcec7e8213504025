import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator';
import { runCli } from '../support/cli';
import { runCliOnTerminal } from '../support/pseudo-terminal';
import { seedPath } from '../support/seeds';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';

const CREDENTIALS = { CLIENT_ID: 'sluice-client', CLIENT_SECRET: 'sluice-secret' };
/**
 * Pages at this latency make seed 000's 300 pages take long enough to be watched even when eight are fetched at once
 * (about 11 s), however fast the machine.
 */
const LATENCY_MS = 300;
const ESC = '\u001b';

describe('sluice run shows progress a person can read', () => {
  let emulator: Emulator;
  let temporal: TestTemporal;
  let worker: WorkerProcess;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-progress-'));

  before(async () => {
    emulator = await startEmulator({ latencyMs: LATENCY_MS, sizes: { files: 30_000 } });
    temporal = await testTemporal();
    worker = new WorkerProcess(['--temporal', temporal.address, '--task-queue', 'progress-test'], CREDENTIALS);
    await worker.start();
  });
  after(async () => {
    await worker.stop();
    await temporal.stop();
    await emulator.close();
  });

  const args = (dataset: string) => [
    'run',
    seedPath('000'),
    '--temporal',
    temporal.address,
    '--task-queue',
    'progress-test',
    '--dest',
    `sqlite:${join(dir, `${dataset}.db`)}`,
    '--dataset',
    dataset,
    '--set',
    `client.base_url=${emulator.url}`,
    '--set',
    `client.auth.token_url=${emulator.url}/oauth2/token`,
  ];

  test('on a terminal, a live line per resource shows records, pages, rate, % and ETA', async () => {
    const result = await runCliOnTerminal(args('tty'));
    assert.equal(result.code, 0, result.stdout);
    const frames = result.stdout
      .split(`${ESC}[1G`)
      .flatMap((part) => part.split(/\r|\n/))
      .filter((line) => line.startsWith('files '));
    const live = frames.find((line) => /\d+% {2}ETA \d+[smh]/.test(line));
    assert.ok(live, `no frame with % and ETA among:\n${frames.join('\n')}`);
    assert.match(live, /^files [█░]{20} running +[\d,]+ records {2}[\d,]+ pages {2}[\d,]+ rec\/s {2}\d+% {2}ETA /);
    assert.match(result.stdout, /Completed: load /);
    assert.match(result.stdout, / {2}files {5}30,000 records {6}300 pages {2}completed/);
  });

  test('into a pipe, progress is plain lines without escape sequences', async () => {
    const result = await runCli(args('pipe'));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stderr.includes(ESC), 'no escape sequences');
    assert.match(result.stderr, /^ {2}files {2}running +[\d,]+ records {2}[\d,]+ pages/m);
    assert.match(result.stderr, / {2}files {5}30,000 records {6}300 pages {2}completed/);
  });
});
