import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';

type Json = Record<string, any>;

const CLIENT = { client_id: 'sluice-client', client_secret: 'sluice-secret' };

async function tokenFor(
  emulator: Emulator,
  fields: Record<string, string> = { grant_type: 'client_credentials', ...CLIENT },
): Promise<string> {
  const response = await fetch(`${emulator.url}/oauth2/token`, { method: 'POST', body: new URLSearchParams(fields) });
  assert.equal(response.status, 200);
  return ((await response.json()) as Json).access_token;
}

async function get(
  emulator: Emulator,
  path: string,
  token?: string,
): Promise<{ status: number; headers: Headers; body: Json }> {
  const response = await fetch(`${emulator.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
}

/** Follows a paginated endpoint the way the seed configs do, returning every page's body. */
async function crawl(
  emulator: Emulator,
  token: string,
  path: string,
  next: (body: Json, query: URLSearchParams) => boolean,
): Promise<Json[]> {
  const pages: Json[] = [];
  const query = new URLSearchParams();
  for (;;) {
    const separator = path.includes('?') ? '&' : '?';
    const page = await get(emulator, `${path}${query.size ? separator + query.toString() : ''}`, token);
    assert.equal(page.status, 200, `${path}?${query}: ${JSON.stringify(page.body)}`);
    pages.push(page.body);
    if (!next(page.body, query)) return pages;
  }
}

const byOffset = (limit: number) => (body: Json, query: URLSearchParams) => {
  if (body.entries.length < limit) return false;
  query.set('offset', String(Number(query.get('offset') ?? 0) + limit));
  return true;
};
const byMarker = (body: Json, query: URLSearchParams) =>
  body.next_marker !== null && (query.set('marker', body.next_marker), true);
const byStream = (body: Json, query: URLSearchParams) =>
  body.chunk_size !== 0 && (query.set('stream_position', String(body.next_stream_position)), true);

async function withEmulator<T>(options: EmulatorOptions, use: (emulator: Emulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator(options);
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}

describe('the API emulator', () => {
  let emulator: Emulator;
  let token: string;

  before(async () => {
    emulator = await startEmulator();
    token = await tokenFor(emulator);
  });
  after(() => emulator.close());

  test('issues tokens for the client credentials and refresh token grants, by form, JSON or Basic auth', async () => {
    const basic = `Basic ${Buffer.from('sluice-client:sluice-secret').toString('base64')}`;
    const viaBasic = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    assert.deepEqual(Object.keys((await viaBasic.json()) as Json).sort(), ['access_token', 'expires_in', 'token_type']);
    const refresh = await fetch(`${emulator.url}/v2/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'sluice-refresh', ...CLIENT }),
    });
    const body = (await refresh.json()) as Json;
    assert.equal(refresh.status, 200);
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 3600);
    assert.equal(body.refresh_token, 'sluice-refresh');
    assert.equal((await get(emulator, '/v2/teams', body.access_token)).status, 200);
  });

  test('refuses bad client credentials with 401 and unknown grants with 400', async () => {
    const post = (fields: Record<string, string>) =>
      fetch(`${emulator.url}/oauth2/token`, { method: 'POST', body: new URLSearchParams(fields) });
    const bad = await post({ grant_type: 'client_credentials', client_id: 'sluice-client', client_secret: 'wrong' });
    assert.equal(bad.status, 401);
    assert.deepEqual(await bad.json(), { error: 'invalid_client' });
    const grant = await post({ grant_type: 'password', ...CLIENT });
    assert.equal(grant.status, 400);
    assert.deepEqual(await grant.json(), { error: 'unsupported_grant_type' });
    assert.equal((await post({ grant_type: 'refresh_token', refresh_token: 'stale' })).status, 400);
  });

  test('answers 401 invalid_token to data requests without a valid token', async () => {
    for (const bearer of [undefined, 'not-a-token']) {
      const page = await get(emulator, '/v1/files', bearer);
      assert.equal(page.status, 401);
      assert.deepEqual(page.body, { error: 'invalid_token' });
      assert.equal(page.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    }
  });

  test('pages /v1/files by offset with a total, ending on a short page', async () => {
    const last = await get(emulator, '/v1/files?offset=300&limit=100', token);
    assert.equal(last.headers.get('content-type'), 'application/json');
    assert.equal(last.body.total, 350);
    assert.deepEqual(last.body.files.map((f: Json) => f.file_id).slice(0, 2), [301, 302]);
    assert.equal(last.body.files.length, 50);
    assert.deepEqual(Object.keys(last.body.files[0]), [
      'file_id',
      'file_name',
      'file_size',
      'created_at',
      'last_modified',
    ]);
    assert.equal((await get(emulator, '/v1/files', token)).body.limit, 100, 'limit defaults to 100');
    assert.equal(
      (await get(emulator, '/v1/files?limit=5000', token)).body.files.length,
      350,
      'limit is capped at 1000',
    );
  });

  test('ends /v1/resource on a short last page and gives no total', async () => {
    const pages = await crawl(
      emulator,
      token,
      '/v1/resource?limit=100',
      (body, query) =>
        body.data.length === 100 && (query.set('offset', String(Number(query.get('offset') ?? 0) + 100)), true),
    );
    assert.deepEqual(
      pages.map((p) => p.data.length),
      [100, 100, 50],
    );
    assert.deepEqual(Object.keys(pages[0]!), ['data']);
    assert.ok(
      pages.flatMap((p) => p.data).every((r: Json) => typeof r.active === 'boolean' && !Number.isInteger(r.score)),
    );
  });

  test('ends marker pages with next_marker null', async () => {
    const pages = await crawl(emulator, token, '/v1/sign_templates?limit=100', byMarker);
    assert.deepEqual(
      pages.map((p) => p.entries.length),
      [100, 20],
    );
    assert.equal(typeof pages[0]!.next_marker, 'string');
    assert.equal(pages[1]!.next_marker, null);
    assert.equal((await get(emulator, '/v1/sign_requests?marker=bogus', token)).status, 400);
  });

  test('ends both event streams with an empty chunk at an unchanged position', async () => {
    const events = await crawl(emulator, token, '/v1/events?limit=100', byStream);
    assert.deepEqual(
      events.map((p) => p.chunk_size),
      [100, 100, 30, 0],
    );
    assert.equal(events[3]!.next_stream_position, 230);
    const logs = await crawl(emulator, token, '/v1/events?stream_type=admin_logs&limit=100', byStream);
    assert.deepEqual(
      logs.map((p) => p.chunk_size),
      [100, 40, 0],
    );
    assert.notEqual(logs[0]!.entries[0].id, events[0]!.entries[0].id, 'admin logs are a separate stream');
  });

  test('ends page-number paging of /v2/teams on an empty page after an exact multiple', async () => {
    const pages = await crawl(
      emulator,
      token,
      '/v2/teams?limit=100',
      (body, query) => body.entries.length > 0 && (query.set('page', String(Number(query.get('page') ?? 1) + 1)), true),
    );
    assert.deepEqual(
      pages.map((p) => [p.page, p.entries.length]),
      [
        [1, 100],
        [2, 100],
        [3, 0],
      ],
    );
    assert.equal('total' in pages[0]! || 'total_count' in pages[0]!, false);
    assert.deepEqual(Object.keys(pages[0]!.entries[0].owner), ['id', 'name', 'email']);
  });

  test('nests task assignments inside each file’s unpaginated tasks', async () => {
    const files = (await get(emulator, '/v1/folders/0/items?limit=1000', token)).body.entries.filter(
      (e: Json) => e.type === 'file',
    );
    const tasks = await Promise.all(
      files.slice(0, 20).map((f: Json) => get(emulator, `/v1/files/${f.id}/tasks`, token)),
    );
    const withTasks = tasks.map((t) => t.body).filter((b) => b.total_count > 0);
    assert.ok(withTasks.length > 0);
    for (const body of withTasks) {
      assert.equal(body.entries.length, body.total_count);
      for (const task of body.entries) {
        assert.equal(task.type, 'task');
        assert.equal(task.task_assignment_collection.entries.length, task.task_assignment_collection.total_count);
        for (const assignment of task.task_assignment_collection.entries)
          assert.equal(assignment.type, 'task_assignment');
      }
    }
    const folder = (await get(emulator, '/v1/folders/0/items?limit=3', token)).body.entries[2];
    assert.equal(
      (await get(emulator, `/v1/files/${folder.id}/tasks`, token)).status,
      404,
      'a folder id is not a file id',
    );
  });

  test('fails the next matching requests as failNext says, with Retry-After', async () => {
    emulator.resetStats();
    emulator.failNext({ pathPrefix: '/v1/users', count: 2, status: 503, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const page = await get(emulator, '/v1/users', token);
      assert.equal(page.status, 503);
      assert.equal(page.headers.get('retry-after'), '7');
    }
    assert.equal((await get(emulator, '/v1/users', token)).status, 200);
    assert.equal(emulator.stats.faultsByKind['503'], 2);
    assert.equal(emulator.stats.byPath['/v1/users'], 3);
    assert.deepEqual(emulator.stats.statuses, { 200: 1, 503: 2 });
  });

  test('matches its seed 002 ground truth when every resource is crawled as the config says', async () => {
    const truth = emulator.truth('002');
    const entries = async (path: string, next: (body: Json, query: URLSearchParams) => boolean) =>
      (await crawl(emulator, token, path, next)).flatMap((p) => p.entries as Json[]);
    const listing = await entries('/v1/folders/0/items?limit=100', byOffset(100));
    const files = listing.filter((e) => e.type === 'file');
    const folders = listing.filter((e) => e.type === 'folder');
    const collections = await entries('/v1/collections?limit=100', byOffset(100));
    const children = async (parents: Json[], path: (id: string) => string, next: typeof byMarker) =>
      (await Promise.all(parents.map((p) => entries(path(p.id), next)))).flat();
    const tasks = (await Promise.all(files.map((f) => get(emulator, `/v1/files/${f.id}/tasks`, token)))).flatMap((t) =>
      t.body.entries.flatMap((task: Json) => task.task_assignment_collection.entries),
    );
    const loaded: Record<string, Json[]> = {
      events: await entries('/v1/events?limit=100', byStream),
      sign_templates: await entries('/v1/sign_templates?limit=100', byMarker),
      collections,
      collection_items: await children(collections, (id) => `/v1/collections/${id}/items?limit=100`, byOffset(100)),
      sign_request: await entries('/v1/sign_requests?limit=100', byMarker),
      admin_logs: await entries('/v1/events?stream_type=admin_logs&limit=100', byStream),
      files,
      file_collaborations: await children(files, (id) => `/v1/files/${id}/collaborations?limit=100`, byMarker),
      folder_collaborations: await children(folders, (id) => `/v1/folders/${id}/collaborations?limit=100`, byMarker),
      file_comments: await children(files, (id) => `/v1/files/${id}/comments?limit=100`, byOffset(100)),
      recent_items: (await entries('/v1/recent_items?limit=100', byMarker)).map((e) => e.item),
      file_tasks: tasks,
      trashed_items: await entries('/v1/folders/trash/items?limit=1000', byOffset(1000)),
      users: await entries('/v1/users', byOffset(100)),
      folders,
    };
    assert.deepEqual(Object.keys(truth), Object.keys(loaded));
    for (const [name, records] of Object.entries(loaded)) {
      const merged = new Map(records.map((r) => [r.id, r]));
      assert.deepEqual(merged, truth[name], name);
      assert.ok(
        records.every((r) => typeof r.id === 'string' && /^\d+$/.test(r.id)),
        `${name} ids are strings of digits`,
      );
    }
    assert.ok(truth.file_collaborations!.size > 0 && truth.file_comments!.size > 0 && truth.file_tasks!.size > 0);
  });

  test('keeps only the last occurrence of each recent item in the ground truth', async () => {
    const recent = emulator.truth('002').recent_items!;
    assert.ok(recent.size < 150 && recent.size > 0, `${recent.size} distinct items`);
    assert.ok(
      [...recent.values()].some((item) => item.sequence_id !== '0'),
      'repeated items carry their later version',
    );
  });

  test('keys the ground truth of seeds 000, 001, 003 and 004 by their primary keys', () => {
    assert.equal(emulator.truth('000').files!.get(350)!.file_id, 350);
    assert.equal(emulator.truth('001').cloud_storage_files!.size, 350);
    assert.equal(emulator.truth('004').resource_name!.size, 250);
    const v2 = emulator.truth('003');
    assert.deepEqual(Object.keys(v2), [
      'files',
      'connections',
      'datasets',
      'members',
      'teams',
      'templates',
      'workspaces',
      'workbooks',
    ]);
    assert.equal(v2.datasets!.size, 0);
    assert.equal(v2.teams!.get('team_200')!.name, 'Team 200');
  });
});

describe('emulator options', () => {
  test('refuses a token after tokenMaxUses data requests', () =>
    withEmulator({ tokenMaxUses: 2 }, async (emulator) => {
      const token = await tokenFor(emulator);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await get(emulator, '/v1/resource', token)).status);
      assert.deepEqual(statuses, [200, 200, 401]);
      assert.equal(
        (await get(emulator, '/v1/resource', await tokenFor(emulator))).status,
        200,
        'a new token works again',
      );
    }));

  test('refuses a token once its tokenTtlSeconds have passed', () =>
    withEmulator({ tokenTtlSeconds: 0 }, async (emulator) => {
      assert.equal((await get(emulator, '/v1/resource', await tokenFor(emulator))).status, 401);
    }));

  test('generates the same data from the same seed and other data from another', async () => {
    const page = (seed: number) =>
      withEmulator(
        { seed },
        async (emulator) => (await get(emulator, '/v1/folders/0/items?limit=1000', await tokenFor(emulator))).body,
      );
    assert.deepEqual(await page(1), await page(1));
    assert.notDeepEqual(await page(1), await page(2));
  });

  test('serves a million records without generating them up front', () =>
    withEmulator({ sizes: { files: 1_000_000 } }, async (emulator) => {
      const last = await get(emulator, '/v1/files?offset=999990&limit=100', await tokenFor(emulator));
      assert.deepEqual(
        [last.body.total, last.body.files.length, last.body.files[9].file_id],
        [1_000_000, 10, 1_000_000],
      );
    }));

  test('injects random faults of the kinds asked for, and only on data requests', () =>
    withEmulator({ faults: { rate: 1, kinds: ['429'], retryAfterSeconds: 3 } }, async (emulator) => {
      const page = await get(emulator, '/v1/files', await tokenFor(emulator));
      assert.deepEqual([page.status, page.headers.get('retry-after')], [429, '3']);
      assert.deepEqual(
        [emulator.stats.faults, emulator.stats.faultsByKind['429'], emulator.stats.tokenRequests],
        [1, 1, 1],
      );
    }));

  test('truncates bodies, resets connections and answers HTML when failNext says so', () =>
    withEmulator({}, async (emulator) => {
      const token = await tokenFor(emulator);
      emulator.failNext({ pathPrefix: '/v1/files', count: 1, kind: 'truncated' });
      await assert.rejects(
        fetch(`${emulator.url}/v1/files`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text()),
      );
      emulator.failNext({ pathPrefix: '/v1/files', count: 1, kind: 'reset' });
      await assert.rejects(fetch(`${emulator.url}/v1/files`, { headers: { authorization: `Bearer ${token}` } }));
      emulator.failNext({ pathPrefix: '/v1/files', count: 1, kind: 'html' });
      const html = await fetch(`${emulator.url}/v1/files`, { headers: { authorization: `Bearer ${token}` } });
      assert.deepEqual([html.status, html.headers.get('content-type')], [502, 'text/html']);
      assert.match(await html.text(), /<html>/);
      assert.deepEqual(emulator.stats.faultsByKind, { truncated: 1, reset: 1, html: 1 });
    }));

  test('rejects an unknown dataset size, naming the known ones', async () => {
    await assert.rejects(
      startEmulator({ sizes: { filez: 3 } as never }),
      /EmulatorOptions\.sizes\.filez is not a dataset; known: files, resource/,
    );
  });
});
