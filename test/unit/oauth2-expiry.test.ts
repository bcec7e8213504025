import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { clearTokenCache, createOAuth2Auth } from '../../engine/auth/oauth2-auth';
import type { HttpClient } from '../../engine/http/http-client';
import type { RequestSpec } from '../../engine/http/request-spec';

/** A token endpoint that counts its calls and answers with the given `expires_in`. */
function tokenEndpoint(expiresIn: unknown) {
  const calls: RequestSpec[] = [];
  const http: HttpClient = {
    send: async (request) => {
      calls.push(request);
      return {
        url: request.url,
        status: 200,
        headers: {},
        body: { access_token: `t${calls.length}`, expires_in: expiresIn } as never,
      };
    },
    close: () => undefined,
  };
  return { calls, http };
}

const page: RequestSpec = { method: 'GET', url: 'https://api.test/items', params: {}, headers: {} };
const spec = { type: 'oauth2_client_credentials', token_url: '/token', client_id: 'id', client_secret: 'secret' };

describe('OAuth2 token lifetimes', () => {
  beforeEach(() => clearTokenCache());

  for (const expiresIn of [-3600, 0, -1]) {
    test(`reuses a token whose expires_in is ${expiresIn} until a 401`, async () => {
      const { calls, http } = tokenEndpoint(expiresIn);
      const auth = createOAuth2Auth(spec, (value) => String(value), http, 'https://api.test/');
      for (let i = 0; i < 5; i++) assert.equal((await auth.authorize(page)).headers.authorization, 'Bearer t1');
      assert.equal(calls.length, 1, 'one token request for five pages');
      assert.equal(await auth.refresh(), true);
      assert.equal((await auth.authorize(page)).headers.authorization, 'Bearer t2', 'a new token after a 401');
    });
  }

  test('requests a new token once a positive expires_in has run out', async () => {
    const { calls, http } = tokenEndpoint(1);
    const auth = createOAuth2Auth(spec, (value) => String(value), http, 'https://api.test/');
    await auth.authorize(page);
    await auth.authorize(page);
    assert.equal(calls.length, 2, 'a token living 1 s is inside the 30 s refresh margin at once');
  });
});
