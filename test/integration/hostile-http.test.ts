import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { startSync } from '../../client/start-sync';
import { resolveSource } from '../../engine/config/resolve-source';
import { HttpError } from '../../engine/errors';
import { createHttpClient } from '../../engine/http/http-client';
import { startHostileApi, type HostileApi } from '../support/hostile-api';
import { syncOutcome } from '../support/sync-outcome';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

const TOKEN = 'tok-3c2b1a-redirect';
const MB = 1024 * 1024;

describe('what a hostile API sends over HTTP', () => {
  let fixture: SyncFixture;
  let api: HostileApi;
  let elsewhere: HostileApi;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-http-'));
  // 150 MB of JSON whitespace, about 150 KB on the wire.
  const bomb = gzipSync(Buffer.concat([Buffer.from('{"items": ['), Buffer.alloc(150 * MB, 32), Buffer.from(']}')]));

  before(async () => {
    process.env.REDIRECT_TOKEN = TOKEN;
    fixture = await startSyncFixture({ name: 'hostile-http' });
    elsewhere = await startHostileApi({ routes: { '/steal': () => ({ body: { items: [{ id: 666 }] } }) } });
    api = await startHostileApi({
      routes: {
        '/bomb': () => ({ headers: { 'content-encoding': 'gzip' }, body: bomb }),
        '/endless': () => ({
          stream: (response) => {
            response.write('{"items": [');
            const chunk = Buffer.alloc(MB, 32);
            const pour = () => {
              while (!response.destroyed && response.write(chunk));
              if (!response.destroyed) response.once('drain', pour);
            };
            pour();
          },
        }),
        '/redirect': () => ({ status: 302, headers: { location: `${elsewhere.url}/steal` }, body: '' }),
        '/rate-limited': (_request, url, self) =>
          url.searchParams.get('page') === '2'
            ? { status: 429, headers: { 'retry-after': '999999999' }, body: { error: 'slow down' } }
            : { body: { items: [{ id: 1 }], next: `${self.url}/rate-limited?page=2` } },
        '/deep': () => ({ body: `{"items": [${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}]}` }),
        '/huge-token': () => ({ body: { access_token: 'x'.repeat(1_000_000), expires_in: 3600 } }),
        '/items': () => ({ body: { items: [{ id: 1 }] } }),
      },
    });
  });
  after(async () => {
    delete process.env.REDIRECT_TOKEN;
    await api.close();
    await elsewhere.close();
    await fixture.stop();
  });

  function start(name: string, client: Record<string, unknown>, path: string): Promise<WorkflowHandle> {
    const source = resolveSource(
      {
        client: { base_url: api.url, retry: { max_attempts: 3, initial_interval_ms: 100 }, ...client },
        resources: [{ name: 'items', endpoint: { path, data_selector: 'items' } }],
      },
      name,
    );
    return startSync({
      client: fixture.client,
      taskQueue: fixture.taskQueue,
      source,
      destination: { url: `sqlite:${join(dir, `${name}.db`)}`, dataset: name },
    });
  }

  const requestsTo = (path: string) => api.requests.filter((r) => new URL(r.url, api.url).pathname === path).length;

  const failing: Array<
    [name: string, client: Record<string, unknown>, path: string, message: RegExp, requests: number]
  > = [
    [
      'a gzip bomb',
      {},
      '/bomb',
      /^GET http:\/\/127\.0\.0\.1:\d+\/bomb answered with a body over 100 MiB \(decompressed\), more than sluice reads$/,
      1,
    ],
    [
      'a body that never ends',
      {},
      '/endless',
      /^GET http:\/\/127\.0\.0\.1:\d+\/endless answered with a body over 100 MiB/,
      1,
    ],
    [
      'a redirect to another port, carrying no credentials there',
      { auth: { type: 'bearer', token: { $secret: 'redirect_token' } } },
      '/redirect',
      /^GET http:\/\/127\.0\.0\.1:\d+\/redirect answered 302 \(redirect to http:\/\/127\.0\.0\.1:\d+\/steal\); set the endpoint's path to the final URL$/,
      1,
    ],
    [
      'a token endpoint issuing a 1 MB token',
      {
        auth: {
          type: 'oauth2_client_credentials',
          token_url: '/huge-token',
          client_id: { $secret: 'client_id' },
          client_secret: { $secret: 'client_secret' },
        },
      },
      '/items',
      /token request to http:\/\/127\.0\.0\.1:\d+\/huge-token answered with an access_token of 1000000 characters, over the limit of 65536$/,
      0,
    ],
  ];
  failing.forEach(([name, client, path, message, requests], index) => {
    test(`fails ${name} at once, naming the URL`, async () => {
      const before = requestsTo(path);
      const started = Date.now();
      const result = await syncOutcome(await start(`failing_${index}`, client, path));
      const outcome = result.resources.items!;
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error ?? '', message);
      assert.equal(requestsTo(path) - before, requests, 'not retried');
      assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    });
  });

  test('sent nothing to the host a redirect pointed at', () => {
    assert.deepEqual(elsewhere.requests, []);
  });

  test('issued one token request for the huge token, not one per retry', () => {
    assert.equal(requestsTo('/huge-token'), 1);
  });

  test('waits at most 300 s when a 429 asks for Retry-After: 999999999', async () => {
    const handle = await start(
      'retry_after',
      { paginator: { type: 'json_link', next_url_path: 'next' } },
      '/rate-limited',
    );
    const child = fixture.client.workflow.getHandle(`${handle.workflowId}/items`);
    try {
      let timeout: number | undefined;
      for (let i = 0; i < 100 && timeout === undefined; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const history = await child.fetchHistory().catch(() => undefined);
        const timer = history?.events?.find((event) => event.timerStartedEventAttributes);
        const fire = timer?.timerStartedEventAttributes?.startToFireTimeout;
        if (fire) timeout = Number(fire.seconds ?? 0);
      }
      assert.equal(timeout, 300, 'the workflow sleeps for the capped delay');
    } finally {
      await handle.terminate('test done');
    }
  });
});

describe('the HTTP client against a slow or bloated API', () => {
  let api: HostileApi;
  before(async () => {
    api = await startHostileApi({
      routes: {
        '/trickle': () => ({
          stream: (response) => {
            response.write('{"items": [');
            const timer = setInterval(() => response.write(' '), 100);
            response.once('close', () => clearInterval(timer));
          },
        }),
        '/big-headers': () => ({ headers: { 'x-padding': 'a'.repeat(100_000) }, body: { items: [] } }),
      },
    });
  });
  after(() => api.close());

  const cases: Array<[name: string, path: string, message: RegExp]> = [
    [
      'a body that trickles a byte at a time',
      '/trickle',
      /^GET http:\/\/127\.0\.0\.1:\d+\/trickle\?key=\*\*\* got no complete answer within 1 s$/,
    ],
    [
      'headers over 16 KB',
      '/big-headers',
      /^GET http:\/\/127\.0\.0\.1:\d+\/big-headers\?key=\*\*\* failed: Parse Error: Header overflow$/,
    ],
  ];
  for (const [name, path, message] of cases) {
    test(`gives up on ${name} with a retryable error naming the URL once, without its secret`, async () => {
      const http = createHttpClient({ timeoutMs: 1000 });
      const started = Date.now();
      try {
        await assert.rejects(
          http.send({ method: 'GET', url: `${api.url}${path}`, params: { key: 'hidden-key' }, headers: {} }),
          (error: Error) => {
            assert.ok(error instanceof HttpError);
            assert.match(error.message, message);
            assert.equal(error.retryable, true);
            return true;
          },
        );
        assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
      } finally {
        http.close();
      }
    });
  }
});
