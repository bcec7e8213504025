import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Emulator } from '../../emulator';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { readSqliteTable } from '../support/compare-table';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';
import { emulatorClient } from '../support/emulator-client';

/** Requests for a file's comments that an emulator has served. */
const commentRequestsOf = (emulator: Emulator) => () =>
  Object.entries(emulator.stats.byPath)
    .filter(([path]) => /^\/v1\/files\/[^/]+\/comments$/.test(path))
    .reduce((sum, [, n]) => sum + n, 0);

describe('incremental loading', () => {
  let fixture: SyncFixture;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-incremental-'));

  before(async () => {
    fixture = await startSyncFixture({ name: 'incremental' });
  });
  after(() => fixture.stop());

  test('the next run starts from the last value the previous run committed', async () => {
    const { client, emulator, taskQueue } = fixture;
    const config = {
      client: emulatorClient(emulator.url),
      resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
      resources: [
        {
          name: 'resource_name',
          endpoint: {
            path: '/v1/resource',
            data_selector: 'data',
            paginator: { type: 'offset', limit: 100 },
            incremental: {
              cursor_path: 'updated_at',
              start_param: 'updated_since',
              initial_value: '2024-07-01T00:00:00.000Z',
            },
          },
        },
      ],
    };
    const file = join(dir, 'incremental.json');
    writeFileSync(file, JSON.stringify(config));
    const source = await loadSource(file);
    const destination = { url: `sqlite:${join(dir, 'incremental.db')}`, dataset: 'incremental' };
    const truth = [...emulator.truth('004').resource_name!.values()];
    const expectedFirst = truth.filter((r) => String(r.updated_at) >= '2024-07-01T00:00:00.000Z');
    const latest = expectedFirst
      .map((r) => String(r.updated_at))
      .sort()
      .at(-1)!;

    const first = await (await startSync({ client, source, destination, taskQueue })).result();
    assert.equal(first.resources.resource_name!.records, expectedFirst.length);
    assert.ok(
      expectedFirst.length > 0 && expectedFirst.length < truth.length,
      'the initial value filters part of the data',
    );
    const [state] = readSqliteTable(join(dir, 'incremental.db'), '_sluice_state');
    const window = JSON.parse(String(state!.state)).incremental;
    assert.deepEqual({ start: window.start, last: window.last }, { start: '2024-07-01T00:00:00.000Z', last: latest });
    const atLatest = expectedFirst.filter((r) => String(r.updated_at) === latest).length;
    assert.equal(window.hashes.length, atLatest, 'one boundary hash per record at the last value');

    const second = await (await startSync({ client, source, destination, taskQueue })).result();
    const expectedSecond = truth.filter((r) => String(r.updated_at) > latest).length;
    assert.equal(second.resources.resource_name!.records, expectedSecond, 'the boundary records are not loaded again');
    assert.equal(
      readSqliteTable(join(dir, 'incremental.db'), 'resource_name').length,
      expectedFirst.length,
      'no duplicates',
    );
  });

  test('a child resource walks only the parent records its own load wrote, as dlt does', async () => {
    const { client, emulator, taskQueue } = fixture;
    const files = (maximumOffset?: number) => ({
      name: 'files',
      endpoint: {
        path: '/v1/folders/0/items',
        data_selector: 'entries',
        record_filter: "{{ record['type'] == 'file' }}",
        paginator: {
          type: 'offset',
          limit: 100,
          offset_param: 'offset',
          ...(maximumOffset ? { maximum_offset: maximumOffset } : {}),
        },
      },
    });
    const comments = {
      name: 'file_comments',
      endpoint: {
        path: "/v1/files/{{ stream_slice['file_id'] }}/comments",
        data_selector: 'entries',
        paginator: { type: 'offset', limit: 100, offset_param: 'offset' },
      },
    };
    const destination = { url: `sqlite:${join(dir, 'children.db')}`, dataset: 'children' };
    const commentRequests = commentRequestsOf(emulator);
    const sync = async (maximumOffset?: number) => {
      const file = join(dir, `children-${maximumOffset ?? 'all'}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          client: emulatorClient(emulator.url),
          resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
          resources: [files(maximumOffset), comments],
        }),
      );
      const before = commentRequests();
      const result = await (
        await startSync({ client, source: await loadSource(file), destination, taskQueue })
      ).result();
      assert.equal(result.status, 'completed');
      return { result, requests: commentRequests() - before };
    };

    const first = await sync();
    const allFiles = readSqliteTable(join(dir, 'children.db'), 'files').length;
    assert.equal(first.result.resources.file_comments!.partitions, allFiles);
    assert.equal(first.requests, allFiles);

    const second = await sync(100);
    const written = second.result.resources.files!.records;
    assert.ok(written > 0 && written < allFiles, 'the second load sees only the first page of parents');
    assert.equal(
      second.result.resources.file_comments!.partitions,
      written,
      'one partition per parent record of this load',
    );
    assert.equal(second.requests, written, 'no requests for the parents an earlier load wrote');
    assert.equal(
      readSqliteTable(join(dir, 'children.db'), 'files').length,
      allFiles,
      'earlier parents stay in the table',
    );
  });

  test('a child of a replacing parent walks the rows of the table its load swapped in, load after load', async () => {
    const { client, emulator, taskQueue } = fixture;
    const db = join(dir, 'replace-children.db');
    const commentRequests = commentRequestsOf(emulator);
    const sync = async (maximumOffset: number) => {
      const file = join(dir, `replace-children-${maximumOffset}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          client: emulatorClient(emulator.url),
          resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
          resources: [
            {
              name: 'files',
              write_disposition: 'replace',
              endpoint: {
                path: '/v1/folders/0/items',
                data_selector: 'entries',
                record_filter: "{{ record['type'] == 'file' }}",
                paginator: { type: 'offset', limit: 50, offset_param: 'offset', maximum_offset: maximumOffset },
              },
            },
            {
              name: 'file_comments',
              endpoint: {
                path: "/v1/files/{{ stream_slice['file_id'] }}/comments",
                data_selector: 'entries',
                paginator: { type: 'offset', limit: 100, offset_param: 'offset' },
              },
            },
            {
              name: 'collections',
              endpoint: {
                path: '/v1/collections',
                data_selector: 'entries',
                paginator: { type: 'offset', limit: 100, offset_param: 'offset' },
              },
            },
          ],
        }),
      );
      const before = commentRequests();
      const result = await (
        await startSync({
          client,
          source: await loadSource(file),
          destination: { url: `sqlite:${db}`, dataset: 'replace_children' },
          taskQueue,
        })
      ).result();
      assert.equal(result.status, 'completed');
      const files = readSqliteTable(db, 'files').length;
      assert.ok(files > 0);
      assert.equal(
        result.resources.file_comments!.partitions,
        files,
        `maximum_offset ${maximumOffset}: one partition per file of the new table`,
      );
      assert.equal(
        commentRequests() - before,
        files,
        `maximum_offset ${maximumOffset}: one request per file of the new table`,
      );
      return files;
    };
    const wide = await sync(150);
    const narrow = await sync(50);
    assert.ok(narrow < wide, `the second load replaced ${wide} files with ${narrow}`);
  });
});
