import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator';
import { lastJsonLine, runCli } from '../support/cli';
import { emulatorClient } from '../support/emulator-client';
import { EMULATOR_CREDENTIALS } from '../support/sync-fixture';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';

type Line = Record<string, unknown> & { level: string; msg: string };

/** Every line a worker wrote, each parsed as JSON: a line that is not JSON fails the test, naming it. */
function parseLines(text: string): Line[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        assert.fail(`a log line is not JSON: ${line}`);
      }
    });
}

describe('the worker logs JSON lines with the sync, resource and page they concern', () => {
  let temporal: TestTemporal;
  let emulator: Emulator;
  let worker: WorkerProcess;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-logs-'));
  const taskQueue = `logs-${process.pid}`;

  before(async () => {
    temporal = await testTemporal();
    // Each token serves three data requests, then answers 401: the worker must refresh it mid-sync.
    emulator = await startEmulator({ sizes: { resource: 500 }, tokenMaxUses: 3 });
    worker = new WorkerProcess(
      ['--temporal', temporal.address, '--task-queue', taskQueue, '--log-level', 'debug'],
      EMULATOR_CREDENTIALS,
    );
    await worker.start();
  });
  after(async () => {
    await worker?.stop();
    await emulator?.close();
    await temporal?.stop();
  });

  test('a sync with a throttled page, a failed page and a token refresh logs each, with no secret and no stack', async () => {
    emulator.failNext({ pathPrefix: '/v1/resource', count: 1, status: 429, retryAfterSeconds: 1 });
    emulator.failNext({ pathPrefix: '/v1/resource', count: 1, status: 503 });
    const config = join(dir, 'logged.json');
    writeFileSync(
      config,
      JSON.stringify({
        client: { ...emulatorClient(emulator.url), retry: { initial_interval_ms: 100 } },
        resources: [
          {
            name: 'resource_name',
            endpoint: { path: '/v1/resource', data_selector: 'data', paginator: { type: 'offset', limit: 50 } },
          },
        ],
      }),
    );
    const cli = await runCli(
      ['run', config, '--temporal', temporal.address, '--task-queue', taskQueue, '--json'].concat([
        '--dataset',
        `logged_${process.pid}`,
        '--dest',
        `sqlite:${join(dir, 'logged.db')}`,
      ]),
      { env: EMULATOR_CREDENTIALS, cwd: dir },
    );
    assert.equal(cli.code, 0, `${cli.stderr}\n${worker.log}`);
    assert.equal(lastJsonLine(cli.stdout).resources.resource_name!.records, 500);
    assert.ok(emulator.stats.tokenRequests >= 2, 'the token was refreshed');
    await worker.stop();

    const lines = [...parseLines(worker.log), ...parseLines(worker.stdout)];
    const find = (pattern: RegExp, level: string[]) => {
      const line = lines.find((l) => pattern.test(l.msg) && level.includes(l.level));
      assert.ok(line, `no ${level.join('/')} line matching ${pattern}:\n${worker.log}`);
      return line;
    };
    const sluiceFields = (line: Line) => {
      assert.equal(line.resource, 'resource_name', `resource in ${JSON.stringify(line)}`);
      assert.equal(line.activityType, 'fetchAndWritePages');
      assert.match(String(line.workflowId), /^sluice-/);
      assert.match(String(line.page), /\/v1\/resource\?/, `page in ${JSON.stringify(line)}`);
    };

    const throttled = find(/throttled/, ['info', 'warn']);
    sluiceFields(throttled);
    assert.equal(throttled.retryAfterMs, 1000);
    const failed = find(/page request failed; retrying/, ['info', 'warn']);
    sluiceFields(failed);
    assert.equal(failed.status, 503);
    sluiceFields(find(/refreshing the token/, ['info', 'warn']));
    const retried = find(/retrying a page batch/, ['info', 'warn']);
    assert.equal(retried.resource, 'resource_name');
    assert.ok(Number(retried.attempt) > 1);
    const summary = find(/resource synced/, ['info']);
    sluiceFields(summary);
    assert.equal(summary.records, 500);
    assert.equal(summary.source, lines.find((l) => l.source)?.source);
    assert.ok(
      lines.some((l) => l.msg === 'Workflow started' && l.workflowType === 'syncResource'),
      "the workflow's own log reaches the worker's logger",
    );

    const text = `${worker.log}${worker.stdout}`;
    for (const secret of [EMULATOR_CREDENTIALS.CLIENT_SECRET, EMULATOR_CREDENTIALS.CLIENT_REFRESH_TOKEN])
      assert.ok(!text.includes(secret), `the log holds the secret ${secret}`);
    assert.doesNotMatch(text, /sluice-\d+-[0-9a-f]{24}/, 'the log holds an access token');
    assert.doesNotMatch(text, /\\n\s+at /, 'the log holds a stack trace');
  });
});
