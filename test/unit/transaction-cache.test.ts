import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Knex } from 'knex';
import { TransactionCache } from '../../engine/destinations/transaction-cache';

// The cache only tells a transaction from the pool by knex's `isTransaction` flag.
const pool = { isTransaction: undefined } as unknown as Knex;
const transaction = () => ({ isTransaction: true }) as unknown as Knex.Transaction;

describe('a cache shared by concurrent transactions', () => {
  it('keeps what a transaction sets to itself until it is published', () => {
    const cache = new TransactionCache<string>();
    const [a, b] = [transaction(), transaction()];
    cache.set(a, 'files', 'created by a');
    assert.equal(cache.get(a, 'files'), 'created by a');
    assert.equal(cache.get(b, 'files'), undefined, 'another transaction cannot see an uncommitted table');
    assert.equal(cache.get(pool, 'files'), undefined);
    cache.publish(a);
    assert.equal(cache.get(b, 'files'), 'created by a');
    assert.equal(cache.get(pool, 'files'), 'created by a');
  });

  it('forgets what a transaction set when it is never published (a rollback)', () => {
    const cache = new TransactionCache<string>();
    cache.set(pool, 'files', 'committed');
    const rolledBack = transaction();
    cache.set(rolledBack, 'files', 'altered');
    cache.delete(rolledBack, 'other');
    assert.equal(cache.get(transaction(), 'files'), 'committed');
  });

  it('publishes a deletion, and hides it from others until then', () => {
    const cache = new TransactionCache<string>();
    cache.set(pool, 'staging', 'columns');
    const swap = transaction();
    cache.delete(swap, 'staging');
    assert.equal(cache.get(swap, 'staging'), undefined);
    assert.equal(cache.get(pool, 'staging'), 'columns');
    cache.publish(swap);
    assert.equal(cache.get(pool, 'staging'), undefined);
  });

  it('drops everything committed on clear', () => {
    const cache = new TransactionCache<string>();
    cache.set(pool, 'files', 'columns');
    cache.clear();
    assert.equal(cache.get(pool, 'files'), undefined);
  });
});
