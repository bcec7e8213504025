import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../../client/dev-server/free-port';
import { startEmulator, type Emulator } from '../../emulator';
import { lastJsonLine, runCli } from '../support/cli';
import { assertTableMatches, readSqliteTable } from '../support/compare-table';
import { seedPath } from '../support/seeds';

const CREDENTIALS = { CLIENT_ID: 'sluice-client', CLIENT_SECRET: 'sluice-secret' };

describe('sluice run from a checkout, as users and the acceptance check run it', () => {
  let emulator: Emulator;
  const cwd = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
  /** This file's own shared local server, so that it never meets another test run's on localhost:7233. */
  const local: Record<string, string> = { SLUICE_HOME: join(cwd, 'home') };

  before(async () => {
    emulator = await startEmulator();
    local.SLUICE_TEMPORAL_PORT = String(await freePort());
  });
  after(async () => {
    await runCli(['server', 'stop'], { env: local });
    await emulator.close();
  });

  test('embedded mode starts its own Temporal server, runs a worker and loads seed 000', async () => {
    const db = join(cwd, 'embedded.db');
    const args = [
      'run',
      seedPath('000'),
      '--dest',
      `sqlite:${db}`,
      '--json',
      '--set',
      `client.base_url=${emulator.url}`,
      '--set',
      `client.auth.token_url=${emulator.url}/oauth2/token`,
    ];
    const result = await runCli(args, { env: { ...CREDENTIALS, ...local }, cwd });
    assert.equal(result.code, 0, result.stderr);
    const summary = lastJsonLine(result.stdout);
    assert.deepEqual(Object.keys(summary).slice(0, 4), ['workflowId', 'runId', 'status', 'resources']);
    assert.equal(summary.status, 'completed');
    assert.match(result.stderr, /Temporal UI: http:\/\/.*\/namespaces\/default\/workflows\/sluice-/);
    assertTableMatches(readSqliteTable(db, 'files'), emulator.truth('000').files!, 'file_id');

    const runs = await runCli(['runs', '--dest', `sqlite:${db}`], { cwd });
    assert.equal(runs.code, 0, runs.stderr);
    assert.match(
      runs.stdout,
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+s {2}[0-9a-f]{8} {2}000_\w+\/files {2}completed {2}[\d,]+ records {2}[\d,]+ pages\n$/,
    );
  });

  test('sluice runs reports a dataset that does not exist, and creates no file for it', async () => {
    const result = await runCli(['runs', '--dataset', 'nosuchdataset'], { cwd });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^sluice runs: dataset 'nosuchdataset' does not exist in sqlite:.*nosuchdataset\.db: nothing has been synced into it \(check --dest and --dataset\)\n$/,
    );
    assert.equal(existsSync(join(cwd, '.sluice', 'nosuchdataset.db')), false);
  });

  const badInputs: Array<{
    name: string;
    args: (dir: string) => string[];
    env?: Record<string, string>;
    message: RegExp;
  }> = [
    {
      name: 'a missing config file',
      args: () => ['run', join(cwd, 'nope.py')],
      message: /^sluice run: config file not found: .*nope\.py\n$/,
    },
    {
      name: 'an unparsable config',
      args: (dir) => [
        'run',
        write(dir, 'bad.py', 'source = rest_api_source({"client": {"base_url": os.environ["X"]}})'),
      ],
      message: /^sluice run: .*bad\.py: line 1, column 50: expected a literal value, found name 'os\.environ'\n$/,
    },
    {
      name: 'an invalid config',
      args: (dir) => [
        'run',
        write(
          dir,
          'invalid.json',
          JSON.stringify({
            client: { base_url: 'x' },
            resources: [{ name: 'a', endpoint: { paginator: { type: 'offset', limit: 0 } } }],
          }),
        ),
      ],
      message: /resources\[0\]\.endpoint\.paginator\.limit must be a positive integer/,
    },
    {
      name: 'an unknown --set path',
      args: () => ['run', seedPath('000'), '--set', 'client.baseurl=x'],
      message:
        /^sluice run: unknown --set path 'client\.baseurl': client has no key 'baseurl' \(known: base_url, auth\)\n$/,
    },
    {
      name: 'an unreachable Temporal address',
      args: () => ['run', seedPath('000'), '--temporal', '127.0.0.1:9'],
      message:
        /^sluice run: cannot reach Temporal at 127\.0\.0\.1:9 \(connection refused\): start one with 'sluice server', or pass --temporal HOST:PORT of a running cluster\n$/,
    },
    {
      name: 'a missing secret',
      args: () => ['run', seedPath('000')],
      env: { CLIENT_ID: 'x', CLIENT_SECRET: '' },
      message:
        /^sluice run: secret 'client_secret' is not set: define the environment variable CLIENT_SECRET or add client_secret to \.sluice\/secrets\.toml\n$/,
    },
    {
      name: 'an unknown flag',
      args: () => ['run', seedPath('000'), '--frobnicate'],
      message: /^sluice run: unknown option '--frobnicate'; see 'sluice run --help'\n$/,
    },
    {
      name: 'a misspelt flag',
      args: () => ['run', seedPath('000'), '--full-refesh'],
      message:
        /^sluice run: unknown option '--full-refesh' \(did you mean --full-refresh\?\); see 'sluice run --help'\n$/,
    },
    {
      name: 'a misspelt command',
      args: () => ['rnu', seedPath('000')],
      message: /^sluice: unknown command 'rnu' \(did you mean run\?\); see 'sluice --help'\n$/,
    },
    {
      name: 'a missing argument',
      args: () => ['validate'],
      message: /^sluice validate: missing required argument 'config'; see 'sluice validate --help'\n$/,
    },
    {
      name: 'a worker pointed at an address where nothing listens',
      args: () => ['worker', '--temporal', '127.0.0.1:9'],
      message:
        /^sluice worker: cannot reach Temporal at 127\.0\.0\.1:9 \(connection refused\): start one with 'sluice server', or pass --temporal HOST:PORT of a running cluster\n$/,
    },
    {
      name: 'a control command without --temporal, when nothing listens on SLUICE_TEMPORAL_PORT',
      args: () => ['cancel', 'sluice-a-sync'],
      env: { SLUICE_TEMPORAL_PORT: '9' },
      message:
        /^sluice cancel: cannot reach Temporal at localhost:9 \(connection refused\): start one with 'sluice server', or pass --temporal HOST:PORT of a running cluster\n$/,
    },
  ];
  for (const bad of badInputs) {
    test(`${bad.name} gives a one-line error and a non-zero exit`, async () => {
      const result = await runCli(bad.args(cwd), {
        cwd,
        env: { ...local, CLIENT_ID: '', CLIENT_SECRET: '', ...bad.env },
      });
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, bad.message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    });
  }
});

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
