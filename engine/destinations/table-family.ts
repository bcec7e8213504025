import type { Knex } from 'knex';
import type { Db } from './sql-dialect';
import { TransactionCache } from './transaction-cache';

/** The system table listing every child and staging table with the root table it belongs to. */
export const TABLES_TABLE = '_sluice_tables';

/** A table that belongs to a root table: a child table, or a staging table that becomes `live` on swap. */
export interface FamilyMember {
  table: string;
  live: string;
}

/** Creates `_sluice_tables` if it does not exist. */
export async function createFamilyTable(db: Db): Promise<void> {
  if (await db.schema.hasTable(TABLES_TABLE)) return;
  await db.schema.createTable(TABLES_TABLE, (t) => {
    t.text('table_name').primary();
    t.text('root_table').notNullable().index();
    t.text('live_table').notNullable();
  });
}

/**
 * Which child and staging tables each root table has, so that merges can delete the children of updated rows and
 * replace can swap every staged table, even those this process has not touched yet. Names are recorded rather than
 * guessed from prefixes because shortened names lose their prefix.
 */
export class TableFamilies {
  private readonly cache = new TransactionCache<readonly FamilyMember[]>();

  /** The registered members of a root table's family. */
  async members(db: Db, root: string): Promise<readonly FamilyMember[]> {
    let members = this.cache.get(db, root);
    if (!members) {
      const rows: Array<{ table_name: string; live_table: string }> = await db(TABLES_TABLE)
        .select('table_name', 'live_table')
        .where('root_table', root)
        .orderBy('table_name');
      members = rows.map((r) => ({ table: r.table_name, live: r.live_table }));
      this.cache.set(db, root, members);
    }
    return members;
  }

  /** Live child tables of a root table. */
  async children(db: Db, root: string): Promise<string[]> {
    return (await this.members(db, root)).filter((m) => m.table === m.live).map((m) => m.table);
  }

  /** Staging tables of a root table (its own and its children's). */
  async staged(db: Db, root: string): Promise<FamilyMember[]> {
    return (await this.members(db, root)).filter((m) => m.table !== m.live);
  }

  /** Records a new member, in the transaction that creates it. */
  async add(trx: Knex.Transaction, root: string, member: FamilyMember): Promise<void> {
    await trx(TABLES_TABLE)
      .insert({ table_name: member.table, root_table: root, live_table: member.live })
      .onConflict('table_name')
      .merge();
    const members = await this.members(trx, root);
    if (!members.some((m) => m.table === member.table)) this.cache.set(trx, root, [...members, member]);
  }

  /** Removes members, in the transaction that drops or renames them. */
  async remove(trx: Knex.Transaction, root: string, tables: string[]): Promise<void> {
    if (tables.length === 0) return;
    await trx(TABLES_TABLE).whereIn('table_name', tables).del();
    const members = await this.members(trx, root);
    this.cache.set(
      trx,
      root,
      members.filter((m) => !tables.includes(m.table)),
    );
  }

  /** Shares what a committed transaction changed. */
  publish(trx: Knex.Transaction): void {
    this.cache.publish(trx);
  }

  /** Forgets every cached family, so that the next use reads the database again. */
  clear(): void {
    this.cache.clear();
  }
}
