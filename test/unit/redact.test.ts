import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { destinationRef } from '../../client/destination-arg';
import { redact, redactUrl, redactValue, rememberSecret } from '../../engine/http/redact';

const SECRET = 'pa55 w0rd/+=&"x';

describe('redaction of remembered secrets', () => {
  rememberSecret(SECRET);
  rememberSecret('abc');

  const forms: Array<[form: string, text: string]> = [
    ['as is', `token ${SECRET} here`],
    ['URL-encoded', `client_secret=${encodeURIComponent(SECRET)}&x=1`],
    ['form-encoded', new URLSearchParams({ client_secret: SECRET }).toString()],
    ['base64', `Basic ${Buffer.from(SECRET).toString('base64')}`],
    ['base64url', Buffer.from(SECRET).toString('base64url')],
    ['JSON-escaped', JSON.stringify({ echoed: SECRET })],
  ];
  for (const [form, text] of forms) {
    test(`masks a secret ${form}`, () => {
      const out = redact(text);
      assert.ok(out.includes('***'), out);
      for (const spelling of [SECRET, encodeURIComponent(SECRET), Buffer.from(SECRET).toString('base64')])
        assert.ok(!out.includes(spelling), out);
    });
  }

  test('leaves values shorter than four characters alone', () => {
    assert.equal(redact('abc abcd'), 'abc abcd');
  });

  test('masks a secret in a query param of any name, and the userinfo password', () => {
    assert.equal(
      redactUrl(`https://u:pw@api.test/x?appid=${encodeURIComponent(SECRET)}&page=2`),
      'https://u:***@api.test/x?appid=***&page=2',
    );
  });

  test('drops query params carrying a secret from a cursor, and masks any other trace', () => {
    const state = {
      next: `https://api.test/items?appid=${encodeURIComponent(SECRET)}&page=2`,
      note: [`echo ${SECRET}`],
      page: 2,
    };
    assert.deepEqual(redactValue(state), { next: 'https://api.test/items?page=2', note: ['echo ***'], page: 2 });
  });
});

describe('destination arguments', () => {
  const cases: Array<[dest: string, url: string]> = [
    ['postgres://bob:hunter2@db.test:5432/app', 'postgres://bob@db.test:5432/app'],
    ['postgres://bob@db.test/app?password=hunter2&sslmode=require', 'postgres://bob@db.test/app?sslmode=require'],
    ['postgresql://bob@db.test/app?password=hunter2', 'postgresql://bob@db.test/app'],
    ['postgres://bob@db.test/app?sslmode=require', 'postgres://bob@db.test/app?sslmode=require'],
  ];
  for (const dataset of ['../../x', 'a/b', '..', 'a\\b', '']) {
    test(`refuses the dataset ${JSON.stringify(dataset)}, which would leave the state directory`, () => {
      assert.throws(() => destinationRef(undefined, dataset), /^ConfigError: --dataset must be a name, not a path: /);
    });
  }
  for (const [dest, url] of cases) {
    test(`keeps the password of ${dest} out of the workflow input`, () => {
      assert.deepEqual(destinationRef(dest, 'd'), { url, dataset: 'd' });
    });
  }
});
