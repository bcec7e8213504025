import type { Knex } from 'knex';
import type { Db } from './sql-dialect';

const DELETED = Symbol('deleted');

function isTransaction(db: Db): db is Knex.Transaction {
  return (db as Knex.Transaction).isTransaction === true;
}

/**
 * What a destination knows about its database (table schemas, table families), shared by concurrent transactions.
 * What a transaction reads or changes stays its own until it commits: another transaction acting on a table this one
 * has created but not yet committed would fail, and a rolled-back change would otherwise linger.
 */
export class TransactionCache<V> {
  private readonly committed = new Map<string, V>();
  private readonly pending = new WeakMap<Knex.Transaction, Map<string, V | typeof DELETED>>();

  get(db: Db, key: string): V | undefined {
    const own = isTransaction(db) ? this.pending.get(db)?.get(key) : undefined;
    if (own === DELETED) return undefined;
    return own ?? this.committed.get(key);
  }

  /** What every transaction sees: the value last committed. */
  committedValue(key: string): V | undefined {
    return this.committed.get(key);
  }

  set(db: Db, key: string, value: V): void {
    if (isTransaction(db)) this.overlay(db).set(key, value);
    else this.committed.set(key, value);
  }

  delete(db: Db, key: string): void {
    if (isTransaction(db)) this.overlay(db).set(key, DELETED);
    else this.committed.delete(key);
  }

  /** Makes what a transaction cached visible to all, once it has committed. */
  publish(trx: Knex.Transaction): void {
    for (const [key, value] of this.pending.get(trx) ?? []) {
      if (value === DELETED) this.committed.delete(key);
      else this.committed.set(key, value);
    }
    this.pending.delete(trx);
  }

  /** Forgets everything committed, so that the next use reads the database again. */
  clear(): void {
    this.committed.clear();
  }

  private overlay(trx: Knex.Transaction): Map<string, V | typeof DELETED> {
    let overlay = this.pending.get(trx);
    if (!overlay) this.pending.set(trx, (overlay = new Map()));
    return overlay;
  }
}
