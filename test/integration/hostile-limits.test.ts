import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSync } from '../../client/start-sync';
import { resolveSource } from '../../engine/config/resolve-source';
import { startHostileApi, type HostileApi } from '../support/hostile-api';
import { syncOutcome } from '../support/sync-outcome';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

describe('limits on what a hostile API sends', () => {
  let fixture: SyncFixture;
  let api: HostileApi;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-limits-'));

  before(async () => {
    fixture = await startSyncFixture({ name: 'limits' });
    api = await startHostileApi({
      routes: {
        '/huge-next': (_request, _url, self) => ({
          body: { items: [{ id: 1 }], next: `${self.url}/huge-next?x=${'a'.repeat(3_000_000)}` },
        }),
      },
    });
  });
  after(async () => {
    await api.close();
    await fixture.stop();
  });

  test('fails a 3 MB next URL at once, naming the limit, instead of timing out its heartbeat', async () => {
    const source = resolveSource(
      {
        client: { base_url: api.url, paginator: { type: 'json_link', next_url_path: 'next' } },
        resources: [{ name: 'huge', endpoint: { path: '/huge-next', data_selector: 'items' } }],
      },
      'huge',
    );
    const started = Date.now();
    const result = await syncOutcome(
      await startSync({
        client: fixture.client,
        taskQueue: fixture.taskQueue,
        source,
        destination: { url: `sqlite:${join(dir, 'huge.db')}`, dataset: 'huge' },
      }),
    );
    const outcome = result.resources.huge!;
    assert.equal(outcome.status, 'failed');
    assert.match(
      outcome.error ?? '',
      /^resource 'huge': the next page's cursor from http:\/\/127\.0\.0\.1:\d+\/huge-next is \d{7} characters long, over the limit of 65536$/,
    );
    assert.equal(api.requests.length, 1, 'not retried');
    assert.ok(Date.now() - started < 30_000);
  });
});
