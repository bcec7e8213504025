import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { findTemporalBinary } from '../../client/dev-server/temporal-binary';
import { runCli } from '../support/cli';
import { seedPath } from '../support/seeds';
import { testTemporal, type TestTemporal } from '../support/temporal';

describe('sluice run on a namespace without sluice’s search attributes', () => {
  let temporal: TestTemporal;
  const namespace = `bare-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-attributes-'));

  let temporalCli: string;

  before(async () => {
    temporal = await testTemporal();
    const found = await findTemporalBinary();
    assert.ok(found, 'the Temporal CLI is built');
    temporalCli = found;
    const create = ['operator', 'namespace', 'create', '--namespace', namespace, '--address', temporal.address];
    await promisify(execFile)(temporalCli, create);
  });
  after(() => temporal.stop());

  const run = () =>
    runCli(['run', seedPath('000'), '--temporal', temporal.address, '--namespace', namespace, '--no-wait'], {
      cwd: dir,
      env: { CLIENT_ID: 'x', CLIENT_SECRET: 'y' },
    });

  test('names the missing attributes and the command that registers them, which works', async () => {
    const refused = await run();
    assert.equal(refused.code, 1);
    const match =
      /^sluice run: namespace '(.+)' at .+ lacks sluice's search attributes SluiceDataset, SluiceSource, SluiceResource.*: register them with '(temporal operator search-attribute create .+)'\n$/.exec(
        refused.stderr,
      );
    assert.ok(match, refused.stderr);
    assert.equal(match[1], namespace);

    const [, ...words] = match[2]!.split(' ');
    await promisify(execFile)(temporalCli, [...words, '--address', temporal.address]);
    const started = await run();
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stderr, /^Sync sluice-/m);
  });
});
