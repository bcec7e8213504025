import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveSource } from '../../engine/config/resolve-source';
import { ConfigError } from '../../engine/errors';
import { buildRequest, requestUrl } from '../../engine/http/build-request';
import { partitionBindings } from '../../engine/records/partition';
import type { JsonValue } from '../../engine/json';

const source = (...resources: unknown[]) =>
  resolveSource({ client: { base_url: 'https://api.test/' }, resources: ['parents', ...resources] }, 's');

/** The URL a child resource requests for one parent row. */
function childUrl(child: unknown, key: JsonValue, fields: Record<string, JsonValue> = {}): string {
  const spec = source(child);
  const resource = spec.resources.find((r) => r.name === 'child')!;
  const bindings = partitionBindings(resource.parent, { partitionValue: key, partitionFields: fields });
  return requestUrl(buildRequest(spec.client, resource.endpoint, bindings));
}

const rejects = (child: unknown, message: string) =>
  assert.throws(
    () => source(child),
    (error: unknown) => error instanceof ConfigError && error.message === message,
  );

describe('parent values are data', () => {
  test('a parent id that looks like a template is sent encoded, never rendered', () => {
    const url = childUrl({ name: 'child', endpoint: 'child/{resources.parents.id}' }, '{{ 7*6 }}');
    assert.equal(url, 'https://api.test/child/%7B%7B%207*6%20%7D%7D');
  });

  test('a parent id with a slash stays inside its path segment', () => {
    assert.equal(
      childUrl({ name: 'child', endpoint: 'child/{resources.parents.id}/x' }, 'a/b?c'),
      'https://api.test/child/a%2Fb%3Fc/x',
    );
  });

  test('a parent value in params is one query value, encoded once', () => {
    const url = childUrl(
      { name: 'child', endpoint: { path: 'child', params: { q: '{resources.parents.id}' } } },
      '{x}&y=1',
    );
    assert.equal(url, 'https://api.test/child?q=%7Bx%7D%26y%3D1');
  });

  test('a parent value rendered through a template is not rendered again', () => {
    const spec = resolveSource(
      {
        client: { base_url: 'https://api.test' },
        resources: ['parents', { name: 'child', endpoint: 'child/{{ stream_partition.parent_id }}' }],
      },
      's',
    );
    const resource = spec.resources[1]!;
    const request = buildRequest(
      spec.client,
      resource.endpoint,
      partitionBindings(resource.parent, { partitionValue: '{{ 7*6 }}' }),
    );
    assert.equal(requestUrl(request), 'https://api.test/child/%7B%7B%207*6%20%7D%7D');
  });
});

describe('placeholders', () => {
  test('several fields of one parent all resolve', () => {
    const child = { name: 'child', endpoint: 'echo/{resources.parents.org}/{resources.parents.repo}' };
    assert.deepEqual(source(child).resources[1]!.parent, {
      resource: 'parents',
      field: 'org',
      as: 'resources.parents.org',
      more: [{ field: 'repo', as: 'resources.parents.repo' }],
    });
    assert.equal(childUrl(child, 'dlt-hub', { repo: 'dlt' }), 'https://api.test/echo/dlt-hub/dlt');
  });

  test('a resolve param and a params placeholder of the same parent bind together', () => {
    const child = {
      name: 'child',
      endpoint: {
        path: 'orgs/{org}/repos',
        params: { org: { type: 'resolve', resource: 'parents', field: 'login' }, since: '{resources.parents.created}' },
      },
    };
    assert.equal(childUrl(child, 'acme', { created: '2024' }), 'https://api.test/orgs/acme/repos?since=2024');
  });

  test('a static param named in the path is written into it and leaves the params', () => {
    const spec = source({ name: 'child', endpoint: { path: 'repos/{owner}/issues', params: { owner: 'dlt', x: 1 } } });
    assert.equal(spec.resources[1]!.endpoint.path, 'repos/dlt/issues');
    assert.deepEqual(spec.resources[1]!.endpoint.params, { x: 1 });
  });

  test('an unbound path placeholder is a config error before any request', () =>
    rejects(
      { name: 'child', endpoint: 'echo/{org}/{repo}' },
      "resources[1].endpoint.path: placeholder '{org}' is not bound (give a param 'org', a resolve param, or {resources.<parent>.<field>})",
    ));

  test('an unbound params placeholder is a config error', () =>
    rejects(
      { name: 'child', endpoint: { path: 'c', params: { q: '{query}' } } },
      "resources[1].endpoint.params: placeholder '{query}' is not bound (outside the path, placeholders are {resources.<parent>.<field>}; write {{ and }} for literal braces)",
    ));

  test('a resource bound to two parents is a config error', () =>
    assert.throws(
      () =>
        resolveSource(
          {
            client: { base_url: 'https://api.test' },
            resources: ['a', 'b', { name: 'child', endpoint: 'x/{resources.a.id}/{resources.b.id}' }],
          },
          's',
        ),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message ===
          "resources[2]: resource 'child' is bound to several parents ('a', 'b'); a resource reads from one parent",
    ));

  test('a resolve param missing from the path is a config error, as in dlt', () =>
    rejects(
      { name: 'child', endpoint: { path: 'c', params: { id: { type: 'resolve', resource: 'parents', field: 'id' } } } },
      'resources[1].endpoint.params.id: a resolve param must appear in the path as {id}; in other places use {resources.<parent>.<field>}',
    ));

  test('a malformed resources placeholder is a config error', () =>
    rejects(
      { name: 'child', endpoint: 'c/{resources.parents}' },
      "resources[1].endpoint: placeholder '{resources.parents}' must have the form {resources.<parent>.<field>}",
    ));
});

describe('single-entity paths', () => {
  test('a path ending in a parent placeholder is one record on one page', () => {
    const endpoint = source({ name: 'child', endpoint: 'posts/{resources.parents.id}' }).resources[1]!.endpoint;
    assert.equal(endpoint.dataSelector, '$');
    assert.deepEqual(endpoint.paginator, { type: 'single_page' });
  });

  test("the user's own selector and paginator are kept", () => {
    const endpoint = source({
      name: 'child',
      endpoint: { path: 'posts/{resources.parents.id}', data_selector: 'post', paginator: 'json_link' },
    }).resources[1]!.endpoint;
    assert.equal(endpoint.dataSelector, 'post');
    assert.deepEqual(endpoint.paginator, { type: 'json_link' });
  });

  test('a path whose last segment is literal is not a single entity', () => {
    const endpoint = source({ name: 'child', endpoint: 'posts/{resources.parents.id}/comments' }).resources[1]!
      .endpoint;
    assert.equal(endpoint.dataSelector, undefined);
    assert.equal(endpoint.paginator, undefined);
  });
});
