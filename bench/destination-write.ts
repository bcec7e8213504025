/**
 * Write throughput of the destinations: N narrow records (5 fields), in pages of 1,000, merged on `id`.
 *
 * - `bulk`: `Destination.write`, i.e. normalisation, routing, the bulk upsert (one prepared multi-row
 *   INSERT … ON CONFLICT per chunk in SQLite, one `unnest` INSERT … ON CONFLICT per page in PostgreSQL) and the
 *   checkpoint, in one transaction per page.
 * - `plain`: the same records, normalised and routed by the same code, written with knex's plain
 *   `insert(rows).onConflict('id').merge()` and the same checkpoint, in one transaction per page.
 *
 * Each path first writes a warm-up into a table of its own, so that neither profits from the other's JIT warm-up.
 *
 *   node --import tsx bench/destination-write.ts [ROWS=1000000] [sqlite|postgres|all] [PAGE=1000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { createDestination } from '../engine/destinations/create-destination';
import type { Destination, TableSpec, WritePageInput } from '../engine/destinations/destination';
import { normalizePage, tableShape } from '../engine/destinations/normalize-page';
import { postgresWrites } from '../engine/destinations/postgres-dialect';
import { postgresKnexConfig } from '../engine/destinations/postgres-destination';
import { routeRows } from '../engine/destinations/route-rows';
import { sqliteKnexConfig } from '../engine/destinations/sqlite-destination';
import { nextCheckpoint, readCheckpointRows, writeCheckpoints } from '../engine/destinations/system-tables';
import { startPostgres } from '../test/support/postgres';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const WHICH = process.argv[3] ?? 'all';
const PAGE = Number(process.argv[4] ?? 1000);
const WARM_UP_PAGES = 30;

const spec = (table: string): TableSpec => ({
  resource: table,
  tableName: table,
  primaryKey: ['id'],
  mergeKey: [],
  writeDisposition: 'merge',
  columns: {},
});

function pageInput(table: TableSpec, seq: number, rows: number): WritePageInput {
  const start = (seq - 1) * PAGE;
  const records = Array.from({ length: Math.min(PAGE, rows - start) }, (_, i) => {
    const id = start + i;
    return {
      id,
      name: `record ${id}`,
      amount: id * 0.25 + 0.5,
      active: id % 3 === 0,
      createdAt: new Date(1_700_000_000_000 + id * 1000).toISOString(),
    };
  });
  return {
    table,
    loadId: 'bench',
    partition: '',
    seq,
    records,
    nextState: { offset: seq * PAGE },
    done: seq * PAGE >= rows,
  };
}

async function timed(rows: number, writePage: (seq: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let seq = 1; (seq - 1) * PAGE < rows; seq++) await writePage(seq);
  return performance.now() - started;
}

function bulk(destination: Destination, table: string, rows: number): Promise<number> {
  return timed(rows, (seq) => destination.write([pageInput(spec(table), seq, rows)]));
}

async function plain(db: Knex, postgres: boolean, table: string, rows: number): Promise<number> {
  await db.schema.createTable(table, (t) => {
    for (const name of ['_sluice_id', '_sluice_load_id'])
      t.specificType(name, postgres ? 'text' : 'TEXT').notNullable();
    t.specificType('id', postgres ? 'bigint' : 'INTEGER').unique();
    t.specificType('name', postgres ? 'text' : 'TEXT');
    t.specificType('amount', postgres ? 'double precision' : 'REAL');
    t.specificType('active', postgres ? 'boolean' : 'BOOLEAN');
    t.specificType('created_at', postgres ? 'timestamptz' : 'TIMESTAMP');
  });
  const columns = new Map([
    ['_sluice_id', 'text'],
    ['_sluice_load_id', 'text'],
    ['id', 'bigint'],
    ['name', 'text'],
    ['amount', 'double'],
    ['active', 'bool'],
    ['created_at', 'timestamp'],
  ] as const);
  return timed(rows, async (seq) => {
    const input = pageInput(spec(table), seq, rows);
    const routed = routeRows(columns, normalizePage(input, tableShape(input.table)).rows, new Map()).rows.map((row) =>
      Object.fromEntries(row),
    );
    await db.transaction(async (trx) => {
      const previous = (await readCheckpointRows(trx, table, [''], postgres)).get('');
      // knex compiles a multi-row SQLite insert to SELECT … UNION ALL SELECT …, which SQLite caps at 500 terms.
      const chunk = postgres ? routed.length : 500;
      for (let i = 0; i < routed.length; i += chunk)
        await trx(table)
          .insert(routed.slice(i, i + chunk))
          .onConflict('id')
          .merge();
      await writeCheckpoints(trx, [nextCheckpoint(input, previous, routed.length)]);
    });
  });
}

function report(database: string, bulkMs: number, plainMs: number) {
  const rate = (ms: number) => Math.round(ROWS / (ms / 1000));
  const line = (path: string, ms: number) =>
    `${database.padEnd(9)} ${path.padEnd(6)} ${ROWS.toLocaleString('en')} rows in ${(ms / 1000).toFixed(1)} s = ${rate(ms).toLocaleString('en')} rows/s`;
  console.log(line('bulk', bulkMs));
  console.log(line('plain', plainMs));
  console.log(`${database.padEnd(9)} bulk/plain = ${(plainMs / bulkMs).toFixed(2)}x`);
  return {
    database,
    rows: ROWS,
    bulkRowsPerSecond: rate(bulkMs),
    plainRowsPerSecond: rate(plainMs),
    ratio: Number((plainMs / bulkMs).toFixed(2)),
  };
}

async function run(database: string, url: string, db: Knex, postgres: boolean) {
  const destination = await createDestination({ url, dataset: 'bench' });
  await destination.ensureSystemTables();
  // knex's plain insert binds every value, and PostgreSQL takes at most 65,535 parameters per statement.
  const withPlain = PAGE * 7 <= 65_535;
  await bulk(destination, 'warm_bulk', WARM_UP_PAGES * PAGE);
  if (withPlain) await plain(db, postgres, 'warm_plain', WARM_UP_PAGES * PAGE);
  const bulkMs = await bulk(destination, 'bench_bulk', ROWS);
  const plainMs = withPlain ? await plain(db, postgres, 'bench_plain', ROWS) : Number.NaN;
  if (postgres) {
    // The same pages through COPY into a staging table and an upsert from it, against the unnest upsert, alternated.
    const saved = postgresWrites.copyFromRows;
    const times: Record<'copy' | 'unnest', number[]> = { copy: [], unnest: [] };
    for (let round = 0; round < 3; round++)
      for (const path of ['copy', 'unnest'] as const) {
        postgresWrites.copyFromRows = path === 'copy' ? 0 : Number.POSITIVE_INFINITY;
        times[path].push(await bulk(destination, `bench_${path}_${round}`, ROWS));
      }
    postgresWrites.copyFromRows = saved;
    for (const path of ['copy', 'unnest'] as const)
      console.log(
        `postgres  ${path.padEnd(6)} ${times[path].map((ms) => Math.round(ROWS / (ms / 1000)).toLocaleString('en')).join(', ')} rows/s`,
      );
  }
  await destination.close();
  await db.destroy();
  return report(database, bulkMs, plainMs);
}

const results = [];
if (WHICH === 'all' || WHICH === 'sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  try {
    const file = join(dir, 'bench.db');
    results.push(await run('sqlite', `sqlite:${file}`, knex(sqliteKnexConfig(file)), false));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (WHICH === 'all' || WHICH === 'postgres') {
  const server = await startPostgres();
  try {
    results.push(await run('postgres', server.url, knex(postgresKnexConfig(server.url, 'bench')), true));
  } finally {
    await server.stop();
  }
}
console.log(JSON.stringify(results));
