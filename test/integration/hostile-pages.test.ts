import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { startSync } from '../../client/start-sync';
import { resolveSource } from '../../engine/config/resolve-source';
import { readSqliteTable } from '../support/compare-table';
import { startHostileApi, type HostileApi } from '../support/hostile-api';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

/** Bodies a hostile API answers 200 with on page 2, none of which is a page. */
const GARBAGE: Array<[name: string, body: string, shown: string]> = [
  ['a number', '42', 'the JSON number 42'],
  ['a string', '"hello world"', 'the JSON string "hello world"'],
  ['null', 'null', 'null'],
  ['an empty body', '', 'an empty body'],
];

describe('a page 2 that is not a page', () => {
  let fixture: SyncFixture;
  let api: HostileApi;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-garbage-'));

  before(async () => {
    fixture = await startSyncFixture({ name: 'garbage' });
    api = await startHostileApi({
      routes: Object.fromEntries(
        GARBAGE.map(([, body], index) => [
          `/garbage-${index}`,
          (_request, url, self) =>
            url.searchParams.get('page') === '2'
              ? { headers: { 'content-type': 'application/json' }, body }
              : { body: { items: [{ id: 1 }, { id: 2 }], next: `${self.url}/garbage-${index}?page=2` } },
        ]),
      ),
    });
  });
  after(async () => {
    await api.close();
    await fixture.stop();
  });

  GARBAGE.forEach(([name, , shown], index) => {
    test(`fails the sync on ${name}, naming the URL, and keeps only page 1`, async () => {
      const source = resolveSource(
        {
          client: {
            base_url: api.url,
            paginator: { type: 'json_link', next_url_path: 'next' },
            retry: { max_attempts: 2, initial_interval_ms: 100 },
          },
          resources: [{ name: 'items', endpoint: { path: `/garbage-${index}`, data_selector: 'items' } }],
        },
        `garbage_${index}`,
      );
      const db = join(dir, `garbage-${index}.db`);
      const handle = await startSync({
        client: fixture.client,
        taskQueue: fixture.taskQueue,
        source,
        destination: { url: `sqlite:${db}`, dataset: `garbage_${index}` },
      });
      const failure = await handle.result().then(
        () => assert.fail('the sync completed over a page that is not a page'),
        (error: unknown) => error,
      );
      assert.ok(failure instanceof WorkflowFailedError, String(failure));
      const page2 = new RegExp(
        `GET http://127\\.0\\.0\\.1:\\d+/garbage-${index}\\?page=2 answered 200 with ${shown.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')}, not a JSON object or array`,
      );
      assert.match(failure.cause?.message ?? '', page2);
      const page2Requests = api.requests.filter((r) => r.url === `/garbage-${index}?page=2`);
      // Once by the batch that committed page 1, then max_attempts times by the activity that starts at page 2.
      assert.equal(page2Requests.length, 3, 'retried as a malformed body, as the retry policy says');
      assert.deepEqual(
        readSqliteTable(db, 'items').map((row) => Number(row.id)),
        [1, 2],
        'page 1 stays committed, nothing of page 2',
      );
      const [state, ...others] = readSqliteTable(db, '_sluice_state');
      assert.equal(others.length, 0);
      assert.equal(Number(state!.pages), 1);
      assert.equal(Number(state!.records), 2);
      assert.notEqual(state!.status, 'complete');
    });
  });
});
