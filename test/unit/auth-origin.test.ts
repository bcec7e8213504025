import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAuthenticator } from '../../engine/auth/create-authenticator';
import { AuthError } from '../../engine/errors';
import type { HttpClient } from '../../engine/http/http-client';
import type { RequestSpec } from '../../engine/http/request-spec';

const unusedHttp: HttpClient = {
  send: () => Promise.reject(new Error('no request expected')),
  close: () => undefined,
};

describe('credentials follow the origin', () => {
  const auth = (baseUrl: string) =>
    createAuthenticator({ type: 'bearer', token: 'secret-token' }, (value) => String(value), unusedHttp, baseUrl);
  const cases: Array<[base: string, target: string, outcome: 'sent' | 'withheld' | RegExp]> = [
    ['https://api.test/v1', 'https://api.test/v1/items?page=2', 'sent'],
    ['https://api.test/v1', 'https://API.test:443/other', 'sent'],
    ['https://api.test:8443/', 'https://api.test:8443/x', 'sent'],
    ['https://api.test/', 'https://api.test:8443/x', 'withheld'],
    ['https://api.test/', 'https://other.test/x', 'withheld'],
    ['https://api.test/', 'https://evil.api.test/x', 'withheld'],
    ['http://api.test/', 'http://api.test:8080/x', 'withheld'],
    ['http://api.test/', 'https://api.test/x', 'withheld'],
    [
      'https://api.test/',
      'http://api.test/x?key=abc',
      /^refusing GET http:\/\/api\.test\/x\?key=\*\*\*: the base URL https:\/\/api\.test uses https, and this request would leave it for plain http$/,
    ],
    ['https://api.test/', 'http://other.test/x', /the base URL https:\/\/api\.test uses https/],
  ];
  for (const [base, target, outcome] of cases) {
    test(`${outcome instanceof RegExp ? 'refuses' : outcome === 'sent' ? 'sends' : 'withholds'} credentials for ${target} from ${base}`, async () => {
      const request: RequestSpec = { method: 'GET', url: target, params: {}, headers: {} };
      if (outcome instanceof RegExp) {
        await assert.rejects(auth(base).authorize(request), (error: unknown) => {
          assert.ok(error instanceof AuthError);
          assert.match(error.message, outcome);
          return true;
        });
        return;
      }
      const authorized = await auth(base).authorize(request);
      assert.equal(authorized.headers.authorization, outcome === 'sent' ? 'Bearer secret-token' : undefined);
    });
  }
});
