import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findLeaks } from '../support/history-dump';
import { createTestCertificate, startHostileApi, type HostileApi } from '../support/hostile-api';
import { startIsolatedWorker, type IsolatedWorker } from '../support/isolated-run';

const TOKEN = 'tok-9f8e7d6c5b4a-downgrade';

describe('credentials follow the origin of the base URL', () => {
  let worker: IsolatedWorker;
  let api: HostileApi;
  let elsewhere: HostileApi;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-origin-'));
  const caFile = join(dir, 'ca.pem');

  before(async () => {
    const tls = createTestCertificate();
    writeFileSync(caFile, tls.cert);
    worker = await startIsolatedWorker({ name: 'origin', dir, env: { API_TOKEN: TOKEN, NODE_EXTRA_CA_CERTS: caFile } });
    elsewhere = await startHostileApi({ routes: { '/away': () => ({ body: { items: [{ id: 3 }], next: null } }) } });
    api = await startHostileApi({
      tls,
      routes: {
        // Page 1 links to the same host on another port.
        '/other-port': () => ({ body: { items: [{ id: 1 }], next: `${elsewhere.url}/away?page=2` } }),
        // Page 1 over https links to page 2 on the same host over plain http.
        '/downgrade': (request, _url, self) =>
          request.secure
            ? { body: { items: [{ id: 1 }], next: `${self.url}/downgrade?page=2` } }
            : { body: { items: [{ id: 2 }], next: null } },
      },
    });
  });
  after(async () => {
    await api.close();
    await elsewhere.close();
    await worker.stop();
  });

  test('sends nothing over http after an https base URL, and says why', async () => {
    const run = await worker.run({
      name: 'downgrade',
      config: {
        client: {
          base_url: api.secureUrl,
          auth: { type: 'bearer', token: { $secret: 'api_token' } },
          paginator: { type: 'json_link', next_url_path: 'next' },
        },
        resources: [{ name: 'downgrade', endpoint: { path: '/downgrade', data_selector: 'items' } }],
      },
    });
    const received = api.requests.filter((r) => r.url.startsWith('/downgrade'));
    assert.ok(received.length >= 1 && received.every((r) => r.secure), 'no request over plain http');
    assert.equal(received[0]!.headers.authorization, `Bearer ${TOKEN}`, 'the https request was authorized');
    assert.notEqual(run.cli.code, 0);
    assert.match(
      run.cli.stderr,
      /refusing GET http:\/\/127\.0\.0\.1:\d+\/downgrade\?page=2: the base URL https:\/\/127\.0\.0\.1:\d+ uses https, and this request would leave it for plain http/,
    );
    assert.deepEqual(
      findLeaks({ TOKEN }, { cli: run.cli.stdout + run.cli.stderr, worker: worker.log(), history: run.histories }),
      [],
    );
  });

  test('withholds the token and the API key from a next link to another port of the same host', async () => {
    const run = await worker.run({
      name: 'other_port',
      config: {
        client: {
          base_url: api.url,
          auth: { type: 'api_key', name: 'appid', location: 'query', api_key: { $secret: 'api_token' } },
          paginator: { type: 'json_link', next_url_path: 'next' },
        },
        resources: [{ name: 'other_port', endpoint: { path: '/other-port', data_selector: 'items' } }],
      },
    });
    assert.equal(run.cli.code, 0, run.cli.stderr);
    const first = api.requests.find((r) => r.url.startsWith('/other-port'));
    assert.match(first?.url ?? '', new RegExp(`appid=${TOKEN}`), 'the base URL got the key');
    assert.equal(elsewhere.requests.length, 1);
    assert.equal(elsewhere.requests[0]!.url, '/away?page=2', 'no key added');
    assert.equal(elsewhere.requests[0]!.headers.authorization, undefined);
    assert.deepEqual(
      findLeaks({ TOKEN }, { cli: run.cli.stdout + run.cli.stderr, worker: worker.log(), history: run.histories }),
      [],
    );
  });
});
