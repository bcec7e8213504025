import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { resolveSource } from '../../engine/config/resolve-source';
import { startSync } from '../../client/start-sync';
import type { SourceSpec } from '../../engine/source-spec';
import { startHostileApi, type HostileApi } from '../support/hostile-api';
import { syncOutcome } from '../support/sync-outcome';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

const PAGES = 40;

/** A source of one resource on the hostile API, with its endpoint changed after validation, as a stale client might. */
function sourceFor(api: HostileApi, name: string, endpoint: Record<string, unknown>, patch?: Record<string, string>) {
  const source: SourceSpec = resolveSource(
    { client: { base_url: api.url }, resources: [{ name, endpoint: { data_selector: 'items', ...endpoint } }] },
    name,
  );
  if (patch) Object.assign(source.resources[0]!.endpoint.params, patch);
  return source;
}

describe('the evaluation budget on a running worker', () => {
  let fixture: SyncFixture;
  let api: HostileApi;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-budget-'));

  before(async () => {
    fixture = await startSyncFixture({ name: 'budget' });
    api = await startHostileApi({
      routes: {
        '/pages': (_request, url) => {
          const page = Number(url.searchParams.get('cursor') ?? 0);
          return {
            body: { items: [{ id: page }], next: page + 1 < PAGES ? String(page + 1) : null, s: 'abcd' },
          };
        },
        '/one': () => ({ body: { items: [{ id: 1 }], s: 'abcd' } }),
      },
    });
    // A first sync loads the workflow code into the worker, so that the timings below measure only the failure.
    await (
      await startSync({
        client: fixture.client,
        taskQueue: fixture.taskQueue,
        source: sourceFor(api, 'warm', { path: '/one' }),
        destination: { url: `sqlite:${join(dir, 'warm.db')}`, dataset: 'warm' },
      })
    ).result();
  });
  after(async () => {
    await api.close();
    await fixture.stop();
  });

  const cursorPages = {
    path: '/pages',
    paginator: { type: 'cursor', cursor_path: 'next', cursor_param: 'cursor' },
  };
  const hostile: Array<[name: string, source: () => SourceSpec, message: RegExp]> = [
    [
      'a huge list in params',
      () => sourceFor(api, 'params', { path: '/one' }, { q: '{{ [[0]*1000000]*1000000 }}' }),
      /creates more than 250,000 list items and dict entries/,
    ],
    [
      'a huge list built from the response as a cursor',
      () =>
        sourceFor(api, 'cursor', {
          path: '/one',
          paginator: { type: 'cursor', cursor_value: '{{ [response.s * 250000] * 1000 }}', cursor_param: 'c' },
        }),
      /creates more than 2,000,000 characters/,
    ],
    [
      'a comparison of two huge lists',
      () => sourceFor(api, 'compare', { path: '/one' }, { q: '{{ [[0]*1000000]*1000000 == [[0]*1000000]*1000000 }}' }),
      /creates more than 250,000 list items and dict entries/,
    ],
  ];
  for (const [name, source, message] of hostile) {
    test(`fails ${name} within 2 s, once, while another sync keeps running`, async () => {
      const { client, taskQueue } = fixture;
      const benign = await startSync({
        client,
        taskQueue,
        source: sourceFor(api, 'benign', cursorPages),
        destination: { url: `sqlite:${join(dir, `${name}-benign.db`)}`, dataset: 'benign' },
        pagesPerActivity: 1,
      });
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const started = Date.now();
      const requestsBefore = api.requests.length;
      const result = await syncOutcome(
        await startSync({
          client,
          taskQueue,
          source: source(),
          destination: { url: `sqlite:${join(dir, `${name}.db`)}`, dataset: 'hostile' },
        }),
      );
      const elapsed = Date.now() - started;
      delay.disable();
      const outcome = Object.values(result.resources)[0]!;
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error ?? '', message);
      assert.ok(elapsed < 2000, `failed after ${elapsed} ms`);
      const hostileRequests = api.requests.slice(requestsBefore).filter((r) => !r.url.startsWith('/pages'));
      assert.ok(hostileRequests.length <= 1, `not retried: ${hostileRequests.length} requests`);
      assert.ok(delay.max / 1e6 < 1000, `the event loop was held for ${(delay.max / 1e6).toFixed(0)} ms`);
      const done = await benign.result();
      assert.equal(done.resources.benign!.status, 'completed');
      assert.equal(done.resources.benign!.records, PAGES);
    });
  }
});
