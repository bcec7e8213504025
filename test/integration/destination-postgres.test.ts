import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import knex from 'knex';
import {
  createDestination,
  destinationPasswordFromUrl,
  parseDestinationUrl,
  redactDestinationUrl,
} from '../../engine/destinations/create-destination';
import { normalizeIdentifier } from '../../engine/destinations/naming';
import { postgresKnexConfig } from '../../engine/destinations/postgres-destination';
import { postgresDialect, postgresWrites } from '../../engine/destinations/postgres-dialect';
import { DestinationError } from '../../engine/errors';
import { ComponentUnavailableError, startPostgres, type TestPostgres } from '../support/postgres';
import { checkpointOf, knexInspector, runDestinationContract } from './destination-contract';

void describe('PostgreSQL', () => {
  let postgres: TestPostgres | undefined;
  let unavailable: string | undefined;

  before(async () => {
    try {
      postgres = await startPostgres();
    } catch (error) {
      // Outside CI a machine without PostgreSQL skips these tests, visibly; in CI startPostgres throws a plain Error.
      if (!(error instanceof ComponentUnavailableError)) throw error;
      unavailable = error.message;
    }
  });

  after(async () => {
    await postgres?.stop();
  });

  runDestinationContract('PostgreSQL', (dataset) => createDestination({ url: postgres!.url, dataset }), {
    inspect: async (dataset) =>
      knexInspector(knex(postgresKnexConfig(postgres!.url, normalizeIdentifier(dataset))), postgresDialect),
    skipReason: () => unavailable,
  });

  void test('refuses a dataset in the reserved pg_ schema prefix at once, naming the rule', async (t) => {
    if (unavailable) return t.skip(unavailable);
    await assert.rejects(createDestination({ url: postgres!.url, dataset: 'pg_x' }), (error: Error) => {
      assert.ok(error instanceof DestinationError);
      assert.equal(
        error.message,
        "PostgreSQL reserves schema names that start with pg_: dataset 'pg_x' cannot be one; choose another dataset name",
      );
      return true;
    });
  });

  void test('accepts a password supplied apart from the URL, whatever characters it holds', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const destination = await createDestination({
      url: postgres!.url,
      dataset: 'with_password',
      password: 'p@ss:w/rd%41?#',
    });
    try {
      await destination.ensureSystemTables();
      assert.equal(await checkpointOf(destination, 'files', ''), undefined);
    } finally {
      await destination.close();
    }
  });
});

void describe('PostgreSQL through COPY into a staging table', () => {
  let postgres: TestPostgres | undefined;
  let unavailable: string | undefined;
  const saved = postgresWrites.copyFromRows;

  before(async () => {
    // Every page, however small, takes the COPY path, which must keep the same contract as the unnest path.
    postgresWrites.copyFromRows = 1;
    try {
      postgres = await startPostgres();
    } catch (error) {
      if (!(error instanceof ComponentUnavailableError)) throw error;
      unavailable = error.message;
    }
  });

  after(async () => {
    postgresWrites.copyFromRows = saved;
    await postgres?.stop();
  });

  runDestinationContract('PostgreSQL (COPY)', (dataset) => createDestination({ url: postgres!.url, dataset }), {
    inspect: async (dataset) =>
      knexInspector(knex(postgresKnexConfig(postgres!.url, normalizeIdentifier(dataset))), postgresDialect),
    skipReason: () => unavailable,
  });
});

void describe('PostgreSQL destination URLs', () => {
  void test('keeps the password out of a redacted URL and reads it back decoded', () => {
    const url = 'postgres://loader:p%40ss%3Aword@db.example:5432/warehouse?sslmode=require';
    assert.equal(redactDestinationUrl(url), 'postgres://loader@db.example:5432/warehouse?sslmode=require');
    assert.equal(destinationPasswordFromUrl(url), 'p@ss:word');
    assert.equal(destinationPasswordFromUrl('postgresql://loader@db.example/warehouse'), undefined);
    assert.equal(redactDestinationUrl('sqlite:x.db'), 'sqlite:x.db');
    assert.deepEqual(parseDestinationUrl('postgresql://db.example/w'), {
      kind: 'postgres',
      url: 'postgresql://db.example/w',
    });
  });
});
