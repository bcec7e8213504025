import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { syncWorkflowId } from '../../client/sync-ids';
import { runCli } from '../support/cli';
import { testTemporal, type TestTemporal } from '../support/temporal';

const CLIENT = '{"client": {"base_url": "http://127.0.0.1:9"}, "resources": ';
const DEEP = 3000;

/** Configs that must be refused with one line naming the file and where, before any workflow starts. */
const HOSTILE: Array<[name: string, file: string, text: () => string, message: RegExp, args?: string[]]> = [
  [
    'a JSON config nested 3,000 deep',
    'deep_json.json',
    () => `${CLIENT}${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`,
    /deep_json\.json: resources(\[0\]){63} nests deeper than 64 levels$/,
  ],
  [
    'a YAML config nested 3,000 deep in brackets',
    'deep_flow.yaml',
    () => `client: {base_url: "http://127.0.0.1:9"}\nresources: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`,
    /deep_flow\.yaml: invalid YAML at line 2, column \d+: lists and maps nest deeper than 64 levels$/,
  ],
  [
    'a YAML config nested 3,000 deep in block lists',
    'deep_block.yaml',
    () => `client: {base_url: "http://127.0.0.1:9"}\nresources:\n  ${'- '.repeat(DEEP)}x\n`,
    /deep_block\.yaml: invalid YAML at line 3, column \d+: lists and maps nest deeper than 64 levels$/,
  ],
  [
    'a Python config nested 3,000 deep',
    'deep_python.py',
    () => `source = rest_api_source(${CLIENT}${'['.repeat(DEEP)}${']'.repeat(DEEP)}})\n`,
    /deep_python\.py: line 1, column \d+: lists and dicts nest deeper than 100 levels$/,
  ],
  [
    'a config of 47 MB',
    'huge.json',
    () => `${CLIENT}[{"name": "a", "endpoint": {"path": "/a", "params": {"q": "${'a'.repeat(47 * 1024 * 1024)}"}}}]}`,
    /huge\.json: the config is 47\.0 MB; a config may be at most 1 MB$/,
  ],
  [
    'a template whose evaluation is over budget whatever the data',
    'budget.json',
    () => `${CLIENT}[{"name": "a", "endpoint": {"path": "/a", "params": {"q": "{{ [[0]*1000000]*1000000 }}"}}}]}`,
    /resources\[0\]\.endpoint\.params\.q: expression error at position 7 .*creates more than 250,000 list items/,
  ],
  [
    'a dataset that names a path out of the state directory',
    'escape.json',
    () => `${CLIENT}[{"name": "a", "endpoint": {"path": "/a"}}]}`,
    /--dataset must be a name, not a path: /,
    ['--dataset', '../../escaped'],
  ],
];

describe('configs built to break sluice', () => {
  let temporal: TestTemporal;
  let client: Client;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-configs-'));
  const work = join(dir, 'a', 'b');

  before(async () => {
    mkdirSync(work, { recursive: true });
    temporal = await testTemporal();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  });
  after(async () => {
    await client.connection.close();
    await temporal.stop();
  });

  for (const [name, file, text, message, args] of HOSTILE) {
    test(`refuses ${name} with a one-line error, in validate and before run starts anything`, async () => {
      const path = join(dir, file);
      writeFileSync(path, text());
      const validate = await runCli(['validate', path, ...(args ?? [])]);
      const dataset = file.replace(/\.\w+$/, '');
      const run = await runCli(
        ['run', path, '--temporal', temporal.address, '--task-queue', `configs-${process.pid}`, '--dataset', dataset]
          // Without --dest, the dataset names the file under .sluice/ in the working directory.
          .concat(args ?? ['--dest', `sqlite:${join(work, `${dataset}.db`)}`]),
        { cwd: work, timeoutMs: 60_000 },
      );
      for (const [command, result] of Object.entries({ validate, run })) {
        if (command === 'validate' && args) continue;
        assert.notEqual(result.code, 0, `${command} failed`);
        const lines = result.stderr.trim().split('\n');
        // validate lists every problem, then counts them; run stops at the first.
        if (command === 'run') assert.equal(lines.length, 1, `run printed one line:\n${result.stderr.slice(0, 2000)}`);
        assert.ok(
          lines.some((line) => message.test(line)),
          `${command} said ${message}:\n${result.stderr.slice(0, 2000)}`,
        );
        assert.doesNotMatch(result.stderr, /Maximum call stack|\n\s+at /);
      }
      const described = await client.workflow
        .getHandle(syncWorkflowId(args ? '../../escaped' : dataset, dataset))
        .describe()
        .then(
          () => 'started',
          (error: Error) => error.name,
        );
      assert.equal(described, 'WorkflowNotFoundError', 'no workflow started');
      for (const outside of ['escaped', 'escaped.db', 'a/escaped.db', 'a/b/escaped.db'])
        assert.equal(existsSync(join(dir, outside)), false, `nothing written at ${outside}`);
    });
  }
});
