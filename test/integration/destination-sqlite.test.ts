import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import knex from 'knex';
import { createDestination, parseDestinationUrl } from '../../engine/destinations/create-destination';
import { sqliteKnexConfig } from '../../engine/destinations/sqlite-destination';
import { sqliteDialect } from '../../engine/destinations/sqlite-dialect';
import { ConfigError } from '../../engine/errors';
import { knexInspector, runDestinationContract } from './destination-contract';

const dir = mkdtempSync(join(tmpdir(), 'sluice-sqlite-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (dataset: string) => join(dir, 'nested', `${dataset}.db`);

runDestinationContract('SQLite', (dataset) => createDestination({ url: `sqlite:${file(dataset)}`, dataset }), {
  inspect: async (dataset) => knexInspector(knex(sqliteKnexConfig(file(dataset))), sqliteDialect),
});

void describe('SQLite destination factory', () => {
  void test('creates the missing directory of the file and opens it in WAL mode', async () => {
    const path = join(dir, 'a', 'b', 'fresh.db');
    const destination = await createDestination({ url: `sqlite://${path}`, dataset: 'fresh' });
    await destination.ensureSystemTables();
    await destination.close();
    assert.ok(existsSync(path));
    const db = new Database(path, { readonly: true });
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      db.close();
    }
  });

  void test('reads sqlite:PATH and sqlite://PATH, absolute with three slashes', () => {
    assert.deepEqual(parseDestinationUrl('sqlite:out/x.db'), { kind: 'sqlite', path: 'out/x.db' });
    assert.deepEqual(parseDestinationUrl('sqlite://out/x.db'), { kind: 'sqlite', path: 'out/x.db' });
    assert.deepEqual(parseDestinationUrl('sqlite:///var/x.db'), { kind: 'sqlite', path: '/var/x.db' });
  });

  void test('rejects an unknown scheme with a ConfigError that names it', async () => {
    await assert.rejects(createDestination({ url: 'xyz', dataset: 'd' }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, "--dest must be sqlite:PATH or postgres://…, got 'xyz'");
      return true;
    });
  });
});
