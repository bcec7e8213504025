import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { resultOfFailure } from '../../client/sync-outcome';
import { SLUICE_STATE } from '../../engine/search-attributes';
import { pauseSignal, resumeSignal, type syncSource } from '../../workflows';
import { lastJsonLine, runCli } from '../support/cli';
import { seedPath } from '../support/seeds';
import { EMULATOR_CREDENTIALS, startSyncFixture, type SyncFixture } from '../support/sync-fixture';

/** Seed 002 with its `files` resource pointed at a path the API does not have: files fails, its children skip. */
export const BROKEN_FILES = ['resources.files.endpoint.path=/v1/no-such-path'];

describe('a sync reports what happened: failed, cancelled, paused', () => {
  let fixture: SyncFixture;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-status-'));
  let run = 0;

  before(async () => {
    fixture = await startSyncFixture({ name: 'status' });
  });
  after(() => fixture.stop());

  async function start(seed: '000' | '002', sets: string[]): Promise<WorkflowHandle<typeof syncSource>> {
    const { emulator, client, taskQueue } = fixture;
    const source = await loadSource(seedPath(seed), [
      `client.base_url=${emulator.url}`,
      `client.auth.token_url=${emulator.url}/oauth2/token`,
      ...sets,
    ]);
    run += 1;
    return startSync({
      client,
      source,
      destination: { url: `sqlite:${join(dir, `status-${run}.db`)}`, dataset: `status${run}` },
      taskQueue,
      workflowId: `status-${process.pid}-${run}`,
      pagesPerActivity: 2,
    });
  }

  async function stateOf(handle: WorkflowHandle): Promise<string | undefined> {
    return (await handle.describe()).typedSearchAttributes.get(SLUICE_STATE);
  }

  test('a sync with a failed resource fails, naming each resource that did not complete and why', async () => {
    const handle = await start('002', BROKEN_FILES);
    const error = await handle.result().then(
      () => assert.fail('the sync completed'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WorkflowFailedError);
    assert.ok(error.cause instanceof ApplicationFailure);
    assert.equal(error.cause.type, 'SyncFailed');
    assert.match(error.cause.message, /^4 of 15 resources did not complete: files failed: .*404.*no-such-path/);
    assert.match(error.cause.message, /; file_collaborations skipped: parent `files` failed; file_comments skipped/);
    assert.equal((await handle.describe()).status.name, 'FAILED');
    assert.equal(await stateOf(handle), 'failed');
    const result = resultOfFailure(error)!;
    assert.equal(result.status, 'failed');
    assert.equal(result.resources.events!.status, 'completed', 'the failure still lists what completed');
    assert.equal(result.resources.events!.records, 230);
    assert.equal(result.resources.file_collaborations!.error, 'parent `files` failed');

    const runs = await runCli([
      'runs',
      '--dest',
      `sqlite:${join(dir, `status-${run}.db`)}`,
      '--dataset',
      `status${run}`,
    ]);
    assert.match(runs.stdout, /\/files {2}failed .*404/);
    assert.match(runs.stdout, /\/file_collaborations {2}skipped .*parent `files` failed/);
  });

  test('a cancelled sync ends Cancelled', async () => {
    fixture.emulator.resetStats();
    const handle = await start('000', ['resources.files.endpoint.paginator.limit=5']);
    while ((fixture.emulator.stats.byPath['/v1/files'] ?? 0) < 3) await sleep(20);
    await handle.cancel();
    const error = await handle.result().then(
      () => assert.fail('the sync completed'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure);
    assert.equal((await handle.describe()).status.name, 'CANCELLED');
    assert.equal(await stateOf(handle), 'cancelled');
  });

  test('a paused sync is listed as paused, and completes once resumed', async () => {
    const handle = await start('000', ['resources.files.endpoint.paginator.limit=5']);
    await handle.signal(pauseSignal);
    for (let i = 0; (await stateOf(handle)) !== 'paused'; i++) {
      assert.ok(i < 100, 'SluiceState became paused');
      await sleep(50);
    }
    const query = `WorkflowId = '${handle.workflowId}' AND SluiceState = 'paused'`;
    for (let i = 0; (await fixture.client.workflow.count(query)).count === 0; i++) {
      assert.ok(i < 100, 'a search by SluiceState finds the paused sync');
      await sleep(100);
    }
    await handle.signal(resumeSignal);
    assert.equal((await handle.result()).status, 'completed');
    assert.equal(await stateOf(handle), 'completed');
  });

  test('the CLI exits non-zero and its last line names the failed resource and its cause', async () => {
    const { emulator, temporal, taskQueue } = fixture;
    const args = ['run', seedPath('002'), '--temporal', temporal.address, '--task-queue', taskQueue, '--json'];
    args.push('--dest', `sqlite:${join(dir, 'cli.db')}`, '--dataset', `cli${process.pid}`);
    for (const set of [`client.base_url=${emulator.url}`, `client.auth.token_url=${emulator.url}/oauth2/token`])
      args.push('--set', set);
    for (const set of BROKEN_FILES) args.push('--set', set);
    const result = await runCli(args, { env: EMULATOR_CREDENTIALS });
    assert.equal(result.code, 1, result.stderr);
    const lastLine = result.stderr.trim().split('\n').at(-1)!;
    assert.match(lastLine, /failed.*files failed.*404/);
    assert.equal(lastJsonLine(result.stdout).status, 'failed');
  });
});
