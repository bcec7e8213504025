import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import protos from '@temporalio/proto';

const { temporal: proto } = protos;
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { startSync, type StartSyncOptions } from '../../client/start-sync';
import { loadSource } from '../../client/load-source';
import type { SourceSpec } from '../../engine/source-spec';
import { SLUICE_WORKFLOWS_PATH } from '../../worker';
import { SLUICE_STATE } from '../../engine/search-attributes';
import { pauseSignal, resourceWorkflowId, resumeSignal } from '../../workflows';
import { limiterWorkflowId } from '../../activities/api-limits';
import { seedPath } from '../support/seeds';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

/**
 * Histories recorded from real syncs by the tests below, with the current workflow code; re-record them with
 * UPDATE_HISTORIES=1 after an intended workflow change. A history is named after its workflow ID, which replay needs:
 * the workflow derives its children's IDs from it.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
/**
 * Histories recorded before the workflow patches were retired (their old branches deleted, `patched()` replaced by
 * `deprecatePatch()`): syncs that were running when the change was deployed, which must still finish on the new code.
 * Each carries every marker of its workflow, recorded by `patched()`. `replay-planned-skips` and `replay-api-limiter`
 * are the fixtures recorded before the change; the others were recorded with the code just before it (179be8a), so
 * that a resource's workflow and a resumed load are covered too. The older fixtures of syncs started before some of
 * the patches (`replay-fixture`, `replay-failed-sync`, `replay-counts-*` without the later markers) were deleted: such
 * a sync takes the branches the change removed, and can no longer replay.
 */
const BEFORE_PATCHES_RETIRED = join(FIXTURES, 'before-patches-retired');
/** The patches each workflow type called before they were retired. */
const RETIRED_PATCHES: Record<string, string[]> = {
  syncSource: [
    'sync-status-tells-the-truth',
    'children-gated-on-parent-rows',
    'counts-from-checkpoints',
    'fleet-holds-secrets',
    'destination-fails-fast',
    'resources-planned',
    'skipped-resources-recorded',
  ],
  syncResource: ['final-progress-in-outcome'],
  apiLimiter: [],
};

/**
 * The patches the workflows still call with `patched()`, each guarding a change of commands since the retirement:
 * histories recorded before it replay through the old branch, the fixtures recorded since through the new one.
 */
const ACTIVE_PATCHES: Record<string, string[]> = {
  syncSource: ['local-bookkeeping'],
};

/** The recorded histories in `dir`, each with its workflow ID and type. */
function readHistories(dir: string) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.binpb'))
    .map((file) => {
      const history = proto.api.history.v1.History.decode(readFileSync(join(dir, file)));
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      return {
        workflowId: decodeURIComponent(file.replace(/\.binpb$/, '')),
        workflowType: started?.workflowType?.name ?? '',
        history,
      };
    });
}

/**
 * The patch markers the histories carry, each as `workflowType: id`, followed by ` (deprecated)` when recorded by
 * `deprecatePatch()`.
 */
function patchMarkers(histories: ReturnType<typeof readHistories>): string[] {
  const markers = histories.flatMap(({ workflowType, history }) =>
    (history.events ?? []).flatMap((event) => {
      const marker = event.markerRecordedEventAttributes;
      const data =
        marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0]?.data : undefined;
      if (!data) return [];
      const { id, deprecated } = JSON.parse(Buffer.from(data).toString()) as { id: string; deprecated: boolean };
      return [`${workflowType}: ${id}${deprecated ? ' (deprecated)' : ''}`];
    }),
  );
  return [...new Set(markers)].sort();
}

/** Every retired patch, as `patchMarkers` names it. */
function retiredPatches(suffix: string): string[] {
  return Object.entries(RETIRED_PATCHES)
    .flatMap(([workflowType, ids]) => ids.map((id) => `${workflowType}: ${id}${suffix}`))
    .sort();
}

/** Every patch still called, as `patchMarkers` names it. */
function activePatches(): string[] {
  return Object.entries(ACTIVE_PATCHES).flatMap(([workflowType, ids]) => ids.map((id) => `${workflowType}: ${id}`));
}

type WebpackConfig = Parameters<NonNullable<NonNullable<WorkerOptions['bundlerOptions']>['webpackConfigHook']>>[0];

/** Bundles the workflow code as it will be once its `deprecatePatch` calls are deleted: the calls do nothing. */
const WITHOUT_PATCH_CALLS = {
  workflowsPath: SLUICE_WORKFLOWS_PATH,
  bundlerOptions: {
    webpackConfigHook: (config: WebpackConfig): WebpackConfig => ({
      ...config,
      resolve: {
        ...config.resolve,
        alias: {
          ...(config.resolve?.alias as Record<string, string>),
          '@temporalio/workflow$': fileURLToPath(
            new URL('../support/workflow-without-patch-calls.ts', import.meta.url),
          ),
        },
      },
    }),
  },
};

/** Replays histories against the current workflow code, failing on the first that does not replay. */
async function replayAll(histories: Array<{ workflowId: string; history: protos.temporal.api.history.v1.IHistory }>) {
  for await (const result of Worker.runReplayHistories({ workflowsPath: SLUICE_WORKFLOWS_PATH }, histories))
    assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
}

describe('workflow determinism', () => {
  let fixture: SyncFixture;

  before(async () => {
    fixture = await startSyncFixture({ name: 'replay' });
  });
  after(() => fixture.stop());

  /** A seed pointed at the fixture's emulator, with `sets` applied. */
  const seedSource = (seed: Parameters<typeof seedPath>[0], sets: string[] = []) =>
    loadSource(seedPath(seed), [
      `client.base_url=${fixture.emulator.url}`,
      `client.auth.token_url=${fixture.emulator.url}/oauth2/token`,
      ...sets,
    ]);

  /** Starts a sync on the fixture's queue, under a fixed workflow ID, into a fresh SQLite file unless told otherwise. */
  const startReplaySync = (workflowId: string, source: SourceSpec, options: Partial<StartSyncOptions> = {}) =>
    startSync({
      client: fixture.client,
      taskQueue: fixture.taskQueue,
      source,
      destination: {
        url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'sluice-replay-')), 'replay.db')}`,
        dataset: 'replay',
      },
      workflowId,
      ...options,
    });

  test('histories recorded with the current workflow code replay', async () => {
    const histories = readHistories(FIXTURES);
    assert.deepEqual(
      [...new Set(histories.map((h) => h.workflowType))].sort(),
      ['apiLimiter', 'syncResource', 'syncSource'],
      'the fixtures hold source, resource and limiter histories',
    );
    // Deprecated markers are what lets the deprecatePatch calls go later: Temporal skips them when nothing asks.
    assert.deepEqual(
      patchMarkers(histories),
      [...retiredPatches(' (deprecated)'), ...activePatches()].sort(),
      'every retired patch as deprecated, and the patches still called',
    );
    await replayAll(histories);
  });

  test('histories recorded before the workflow patches were retired replay', async () => {
    const histories = readHistories(BEFORE_PATCHES_RETIRED);
    assert.deepEqual(
      [...new Set(histories.map((h) => h.workflowType))].sort(),
      ['apiLimiter', 'syncResource', 'syncSource'],
      'the fixtures hold source, resource and limiter histories',
    );
    assert.deepEqual(patchMarkers(histories), retiredPatches(''), 'every marker, as patched() recorded it');
    await replayAll(histories);
  });

  test('once the deprecatePatch calls are deleted, histories recorded since replay, and earlier ones do not', async () => {
    for await (const result of Worker.runReplayHistories(WITHOUT_PATCH_CALLS, readHistories(FIXTURES)))
      assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
    // Syncs started before the patches were retired hold markers recorded by patched(): the calls stay until they end.
    const before = readHistories(BEFORE_PATCHES_RETIRED).filter((h) => RETIRED_PATCHES[h.workflowType]!.length > 0);
    assert.ok(before.length > 0, 'histories from before the patches were retired are kept');
    for await (const result of Worker.runReplayHistories(WITHOUT_PATCH_CALLS, before))
      assert.match(
        String(result.error?.cause ?? result.error),
        /Non-deprecated patch marker encountered/,
        result.workflowId,
      );
  });

  test('a failed sync’s history replays against the current workflow code', async () => {
    const source = await seedSource('002', ['resources.files.endpoint.path=/v1/no-such-path']);
    const handle = await startReplaySync('replay-failed-sync', source, { fullRefresh: true });
    await assert.rejects(handle.result(), (e: Error) => /did not complete/.test(String(e.cause)));
    await checkReplays([{ workflowId: handle.workflowId, history: await handle.fetchHistory() }]);
  });

  test('a sync scheduled by planResources, with children skipped after their parent failed, replays', async () => {
    const source = await seedSource('002', ['resources.files.endpoint.path=/v1/no-such-path']);
    const handle = await startReplaySync('replay-planned-skips', source, { fullRefresh: true });
    await assert.rejects(handle.result(), (e: Error) => /skipped: parent `files` failed/.test(String(e.cause)));
    const history = await handle.fetchHistory();
    const encoded = Buffer.from(proto.api.history.v1.History.encode(history).finish());
    assert.ok(encoded.includes('resources-planned'), 'the history carries the resources-planned marker');
    await checkReplays([{ workflowId: handle.workflowId, history }]);
  });

  test('a failed sync and the run that resumes it replay against the current workflow code', async () => {
    const destination = {
      url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'sluice-replay-')), 'resumed.db')}`,
      dataset: 'r',
    };
    const failed = await startReplaySync(
      'replay-counts-failed',
      await seedSource('000', ['resources.files.endpoint.path=/v1/no-such-path']),
      { destination },
    );
    await assert.rejects(failed.result(), (e: Error) => /did not complete/.test(String(e.cause)));
    const resumed = await startReplaySync('replay-counts-resumed', await seedSource('000'), { destination });
    assert.equal((await resumed.result()).resumed, true);
    await checkReplays([
      { workflowId: failed.workflowId, history: await failed.fetchHistory() },
      { workflowId: resumed.workflowId, history: await resumed.fetchHistory() },
    ]);
  });

  test('an API limiter’s history replays against the current workflow code', async () => {
    const { client, taskQueue } = fixture;
    const seed = await seedSource('000');
    const source = { ...seed, client: { ...seed.client, limits: { maxConcurrency: 2, requestsPerSecond: 200 } } };
    const handle = await startReplaySync('replay-limited', source);
    assert.equal((await handle.result()).status, 'completed');
    const limiter = client.workflow.getHandle(limiterWorkflowId(taskQueue, source.name, source.client.baseUrl));
    const history = await limiter.fetchHistory();
    const updates = (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
    assert.ok(updates.length >= 2, `the limiter granted ${updates.length} update(s)`);
    await checkReplays([{ workflowId: 'replay-api-limiter', history }]);
  });

  test('a paused, resumed and cancelled sync’s histories replay against the current workflow code', async () => {
    const { client, emulator } = fixture;
    const source = await seedSource('000', ['resources.files.endpoint.paginator.limit=5']);
    const pages = () => emulator.stats.byPath['/v1/files'] ?? 0;
    emulator.resetStats();
    const handle = await startReplaySync('replay-steered', source, { pagesPerActivity: 2 });
    const state = async () => (await handle.describe()).typedSearchAttributes.get(SLUICE_STATE);
    while (pages() < 2) await sleep(20);
    await handle.signal(pauseSignal);
    for (let i = 0; (await state()) !== 'paused'; i++) {
      assert.ok(i < 100, 'SluiceState became paused');
      await sleep(50);
    }
    const paused = pages();
    await handle.signal(resumeSignal);
    while (pages() < paused + 2) await sleep(20);
    await handle.cancel();
    await assert.rejects(
      handle.result(),
      (e) => e instanceof WorkflowFailedError && e.cause instanceof CancelledFailure,
    );
    const child = client.workflow.getHandle(resourceWorkflowId(handle.workflowId, 'files'));
    await checkReplays([
      { workflowId: handle.workflowId, history: await handle.fetchHistory() },
      { workflowId: child.workflowId, history: await child.fetchHistory() },
    ]);
  });

  test('a fresh sync’s histories replay against the current workflow code', async () => {
    const handle = await startReplaySync('replay-fixture', await seedSource('000'), { pagesPerActivity: 2 });
    assert.equal((await handle.result()).status, 'completed');
    const child = fixture.client.workflow.getHandle(resourceWorkflowId(handle.workflowId, 'files'));
    const histories = [
      { workflowId: handle.workflowId, history: await handle.fetchHistory() },
      { workflowId: child.workflowId, history: await child.fetchHistory() },
    ];
    await checkReplays(histories);
  });
});

/** Replays fresh histories, and records them as fixtures with UPDATE_HISTORIES=1. */
async function checkReplays(
  histories: Array<{ workflowId: string; history: protos.temporal.api.history.v1.IHistory }>,
) {
  if (process.env.UPDATE_HISTORIES) {
    for (const { workflowId, history } of histories) {
      writeFileSync(
        join(FIXTURES, `${encodeURIComponent(workflowId)}.binpb`),
        proto.api.history.v1.History.encode(history).finish(),
      );
    }
  }
  await replayAll(histories);
}
