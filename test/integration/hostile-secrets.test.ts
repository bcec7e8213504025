import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lastJsonLine } from '../support/cli';
import { findLeaks } from '../support/history-dump';
import { startHostileApi, type HostileApi, type HostileRoute } from '../support/hostile-api';
import { startIsolatedWorker, type IsolatedRun, type IsolatedWorker } from '../support/isolated-run';

/** Every secret the worker resolves, and every token the hostile API issues: none may leave the activities. */
const SECRETS = {
  API_TOKEN: 'tok-A1b2C3d4-bearer-secret',
  CLIENT_ID: 'cid-7f6e5d4c-client',
  CLIENT_SECRET: 'cs-Z9y8X7w6 very+secret/=&',
  API_KEY: 'key-Q1w2E3r4-appid',
  ISSUED_TOKEN: 'issued-T0k3n-5f4e3d2c1b',
  FORM_TOKEN: 'form-T0k3n-9a8b7c6d5e',
  BASIC_PASSWORD: 'basic-Pa55-w0rd-4321',
  DB_PASSWORD: 'db-Pa55-w0rd-8765',
};

const RETRY_FAST = { max_attempts: 2, initial_interval_ms: 100 };

describe('secrets never leave the activities, whatever the API echoes', () => {
  let api: HostileApi;
  let worker: IsolatedWorker;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-secrets-'));
  const runs: Record<string, IsolatedRun> = {};
  const database = process.env.DATABASE_URL;
  const withKey =
    (route: HostileRoute): HostileRoute =>
    (request, url, self) =>
      url.searchParams.get('appid') === SECRETS.API_KEY ? route(request, url, self) : { status: 401, body: {} };

  before(async () => {
    api = await startHostileApi({
      routes: {
        '/echo-headers': (request) => ({ status: 400, body: { error: 'bad request', received: request.headers } }),
        '/token-echo-400': (request) => ({
          status: 400,
          headers: { 'content-type': 'text/plain' },
          body: request.body,
        }),
        '/token-echo-500': (request) => ({
          status: 500,
          headers: { 'content-type': 'text/plain' },
          body: request.body,
        }),
        '/token-form': () => ({
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `access_token=${SECRETS.FORM_TOKEN}&token_type=bearer&expires_in=3600`,
        }),
        '/token': () => ({ body: { access_token: SECRETS.ISSUED_TOKEN, token_type: 'bearer', expires_in: 3600 } }),
        '/open': () => ({ body: { items: [{ id: 1 }, { id: 2 }] } }),
        '/items-appid': withKey(() => ({ body: { items: [{ id: 1 }, { id: 2 }] } })),
        '/items-next-key': withKey((_request, url, self) =>
          url.searchParams.get('page') === '2'
            ? { body: { items: [{ id: 3 }], next: null } }
            : {
                body: {
                  items: [{ id: 1 }, { id: 2 }],
                  next: `${self.url}/items-next-key?appid=${SECRETS.API_KEY}&page=2`,
                },
              },
        ),
      },
    });
    const workerDest = database?.replace('postgres://postgres@', `postgres://postgres:${SECRETS.DB_PASSWORD}@`);
    worker = await startIsolatedWorker({ name: 'secrets', dir, env: { ...SECRETS }, workerDest });
  });
  after(async () => {
    await worker.stop();
    await api.close();
  });

  const oauth = (tokenPath: string) => ({
    type: 'oauth2_client_credentials',
    token_url: `${api.url}${tokenPath}`,
    client_id: { $secret: 'client_id' },
    client_secret: { $secret: 'client_secret' },
  });
  const source = (auth: unknown, path: string, paginator: unknown = 'single_page') => ({
    client: { base_url: api.url, ...(auth ? { auth } : {}), retry: RETRY_FAST, paginator },
    resources: [{ name: 'items', endpoint: { path, data_selector: 'items' } }],
  });
  const apiKey = { type: 'api_key', name: 'appid', location: 'query', api_key: { $secret: 'api_key' } };

  const cases: Array<{
    name: string;
    config: () => unknown;
    dest?: () => string;
    outcome: RegExp | number;
  }> = [
    {
      name: 'a 400 body echoing the authorization header',
      config: () => source({ type: 'bearer', token: { $secret: 'api_token' } }, '/echo-headers'),
      outcome: /GET http:\/\/127\.0\.0\.1:\d+\/echo-headers answered 400: .*"authorization":"Bearer \*\*\*"/,
    },
    {
      name: 'a token endpoint answering 400 with the posted form',
      config: () => source(oauth('/token-echo-400'), '/open'),
      outcome: /token request to http:\/\/127\.0\.0\.1:\d+\/token-echo-400 answered 400: check token_url, client_id/,
    },
    {
      name: 'a token endpoint answering 500 with the posted form',
      config: () => source(oauth('/token-echo-500'), '/open'),
      outcome: /token request to http:\/\/127\.0\.0\.1:\d+\/token-echo-500 answered 500/,
    },
    {
      name: 'a token endpoint answering 200 with a form-encoded token',
      config: () => source(oauth('/token-form'), '/open'),
      outcome: /token-form answered 200 with a body that is not a JSON token response/,
    },
    {
      name: 'an API echoing the token it was issued this run',
      config: () => source(oauth('/token'), '/echo-headers'),
      outcome: /answered 400: .*"authorization":"Bearer \*\*\*"/,
    },
    { name: 'an API key in a query param of another name', config: () => source(apiKey, '/items-appid'), outcome: 2 },
    {
      name: 'a next link carrying the API key',
      config: () => source(apiKey, '/items-next-key', { type: 'json_link', next_url_path: 'next' }),
      outcome: 3,
    },
    {
      name: 'a base URL with a user name and password',
      config: () => ({
        ...source(null, '/open'),
        client: { base_url: api.url.replace('http://', `http://bob:${SECRETS.BASIC_PASSWORD}@`) },
      }),
      outcome: /client\.base_url must not carry a user name or password: use auth: http_basic with secrets/,
    },
  ];
  if (database) {
    const withPassword = database.replace('postgres://postgres@', `postgres://postgres:${SECRETS.DB_PASSWORD}@`);
    cases.push(
      {
        name: 'a --dest with user:password@',
        config: () => source(null, '/open'),
        dest: () => withPassword,
        outcome: 2,
      },
      {
        name: 'a --dest with ?password=',
        config: () => source(null, '/open'),
        dest: () =>
          `${database}${database.includes('?') ? '&' : '?'}password=${encodeURIComponent(SECRETS.DB_PASSWORD)}`,
        outcome: 2,
      },
    );
  }

  cases.forEach(({ name, config, dest, outcome }, index) => {
    test(`keeps every secret out of history and output with ${name}`, async () => {
      const run = await worker.run({ name: `case_${index}`, config: config(), dest: dest?.() });
      runs[name] = run;
      const output = run.cli.stdout + run.cli.stderr;
      if (typeof outcome === 'number') {
        assert.equal(run.cli.code, 0, output);
        assert.equal(lastJsonLine(run.cli.stdout).resources.items!.records, outcome);
      } else {
        assert.notEqual(run.cli.code, 0, output);
        assert.match(output, outcome);
      }
      if (!/base URL/.test(name))
        assert.ok(run.histories.includes('dataSelector'), 'the sync ran and its payloads were decoded');
      assert.deepEqual(findLeaks(SECRETS, { cli: output, history: run.histories }), []);
    });
  });

  test('the worker logged no secret in any of the runs above', () => {
    assert.ok(Object.keys(runs).length === cases.length, 'every case ran');
    assert.deepEqual(findLeaks(SECRETS, { worker: worker.log() }), []);
  });
});
