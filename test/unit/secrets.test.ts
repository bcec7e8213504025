import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSecretResolver } from '../../engine/config/secrets';
import { ConfigError, MissingSecretError } from '../../engine/errors';

const SECRETS_TOML = `
top_level = "from-top"
number_secret = 12345

[sources]
shared = "from-sources"

[sources.rest_api]
client_id = "from-rest-api"
shared = "shadowed"

[sources.rest_api.credentials]
deep = "from-credentials"

[sources.other]
client_id = "from-other"
`;

let dir = '';
let secretsFile = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-secrets-'));
  secretsFile = join(dir, 'secrets.toml');
  writeFileSync(secretsFile, SECRETS_TOML);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('secrets are looked up in the environment, then the secrets file', () => {
  /** Each secret name, the environment, and the value it must resolve to. */
  const VALID: Array<[string, string, Record<string, string>, string]> = [
    ['an environment variable with the upper-cased name', 'client_id', { CLIENT_ID: 'from-env' }, 'from-env'],
    ['dots and dashes read as underscores', 'api.key-v2', { API_KEY_V2: 'dotted' }, 'dotted'],
    ['a top-level key of the file', 'top_level', {}, 'from-top'],
    ['a number in the file, as text', 'number_secret', {}, '12345'],
    ['a key in [sources] before the tables under it', 'shared', {}, 'from-sources'],
    ['the first table under [sources] that has the key', 'client_id', {}, 'from-rest-api'],
    ['a table nested deeper under [sources]', 'deep', {}, 'from-credentials'],
    ['a dotted path into the file', 'sources.other.client_id', {}, 'from-other'],
    ['an empty environment variable, ignored for the file', 'top_level', { TOP_LEVEL: '' }, 'from-top'],
  ];
  for (const [name, secret, env, expected] of VALID) {
    test(name, () => {
      assert.equal(createSecretResolver({ env, secretsFile }).resolve(secret), expected);
    });
  }
});

describe('missing and broken secrets are refused without showing any value', () => {
  test('a missing secret names the variable and the file', () => {
    const resolver = createSecretResolver({ env: {}, secretsFile });
    assert.throws(
      () => resolver.resolve('client_refresh_token'),
      (error: unknown) => {
        assert.ok(error instanceof MissingSecretError);
        assert.equal(
          error.message,
          `secret 'client_refresh_token' is not set: define the environment variable CLIENT_REFRESH_TOKEN or add client_refresh_token to ${secretsFile}`,
        );
        return true;
      },
    );
  });

  test('an absent default secrets file counts as empty', () => {
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const resolver = createSecretResolver({ env: {} });
      assert.throws(() => resolver.resolve('client_id'), {
        name: 'MissingSecretError',
        message:
          "secret 'client_id' is not set: define the environment variable CLIENT_ID or add client_id to .sluice/secrets.toml",
      });
    } finally {
      process.chdir(previous);
    }
  });

  test('an explicit secrets file that does not exist is refused', () => {
    const missing = join(dir, 'nope.toml');
    assert.throws(() => createSecretResolver({ env: {}, secretsFile: missing }).resolve('x'), {
      name: 'ConfigError',
      message: `secrets file not found: ${missing}`,
    });
  });

  test('an unparsable secrets file gives its line but none of its text', () => {
    const broken = join(dir, 'broken.toml');
    writeFileSync(broken, 'client_id = "hunter2-secret"\nclient_secret = = "s3cr3t-value"\n');
    assert.throws(
      () => createSecretResolver({ env: {}, secretsFile: broken }).resolve('client_id'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.message, `secrets file ${broken} is not valid TOML at line 2, column 17`);
        return true;
      },
    );
  });

  test('a secret that is a list is refused without its contents', () => {
    const listed = join(dir, 'listed.toml');
    writeFileSync(listed, 'tokens = ["hunter2-secret"]\n');
    assert.throws(() => createSecretResolver({ env: {}, secretsFile: listed }).resolve('tokens'), {
      name: 'ConfigError',
      message: `secret 'tokens' in ${listed} must be a string`,
    });
  });

  test('no message ever contains a secret value', () => {
    const resolver = createSecretResolver({ env: { CLIENT_ID: 'hunter2-env' }, secretsFile });
    const messages: string[] = [];
    for (const name of ['missing_one', 'other.missing', 'sources.rest_api.nope']) {
      try {
        resolver.resolve(name);
      } catch (error) {
        messages.push((error as Error).message);
      }
    }
    assert.equal(messages.length, 3);
    for (const value of [
      'hunter2-env',
      'from-top',
      'from-sources',
      'from-rest-api',
      'from-credentials',
      'from-other',
    ]) {
      assert.ok(
        messages.every((message) => !message.includes(value)),
        value,
      );
    }
  });
});

describe('resolveDeep', () => {
  test('replaces every secret reference in a nested value and leaves the rest alone', () => {
    const resolver = createSecretResolver({ env: { CLIENT_ID: 'id-1', TOKEN: 'tok' }, secretsFile });
    const input = {
      auth: { type: 'oauth2', client_id: { $secret: 'client_id' }, client_secret: { $secret: 'top_level' } },
      headers: [{ $secret: 'token' }, 'plain', 3, null],
      not_a_ref: { $secret: 'x', extra: true },
    };
    assert.deepEqual(resolver.resolveDeep(input), {
      auth: { type: 'oauth2', client_id: 'id-1', client_secret: 'from-top' },
      headers: ['tok', 'plain', 3, null],
      not_a_ref: { $secret: 'x', extra: true },
    });
    assert.deepEqual(input.auth.client_id, { $secret: 'client_id' });
  });

  test('fails on the first missing secret', () => {
    const resolver = createSecretResolver({ env: {}, secretsFile });
    assert.throws(() => resolver.resolveDeep({ a: [{ $secret: 'absent' }] }), { name: 'MissingSecretError' });
  });
});
