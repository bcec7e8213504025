import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import type { Knex } from 'knex';
import type { DataType } from '../../engine/destinations/data-type';
import type { Checkpoint, Destination, TableSpec, WritePageInput } from '../../engine/destinations/destination';
import { normalizeColumnName, normalizeIdentifier } from '../../engine/destinations/naming';
import { DEFAULT_MAX_TABLE_NESTING } from '../../engine/destinations/normalize-page';
import type { SqlDialect } from '../../engine/destinations/sql-dialect';
import { DestinationError } from '../../engine/errors';
import { parseBody } from '../../engine/http/parse-body';
import type { JsonObject, JsonValue } from '../../engine/json';

type Row = Record<string, unknown>;

/** Reads a dataset the way a user of the database would, from a connection of its own. */
export interface DatasetInspector {
  /** A table's columns and their logical types, or undefined when it does not exist. */
  columns(table: string): Promise<Record<string, DataType> | undefined>;
  /** Whether each of a table's columns accepts null. */
  nullable(table: string): Promise<Record<string, boolean>>;
  /** Every row of a table, ordered, with booleans and JSON decoded. */
  rows(table: string, orderBy?: string[]): Promise<Row[]>;
  /** One column of a table as the database prints it (`CAST(… AS TEXT)`): the exact digits it stores. */
  texts(table: string, column: string, orderBy: string): Promise<Array<string | null>>;
  /** The names of every table in the dataset, sorted. */
  tables(): Promise<string[]>;
  close(): Promise<void>;
}

/** How a test file plugs a destination into the contract. */
export interface DestinationContractOptions {
  /** Opens a reader on a dataset. */
  inspect: (dataset: string) => Promise<DatasetInspector>;
  /** A reason to skip every test (a database that is not installed), checked when each test runs. */
  skipReason?: () => string | undefined;
}

/** An inspector over a knex connection, reading types back through the destination's own dialect. */
export function knexInspector(knex: Knex, dialect: SqlDialect): DatasetInspector {
  return {
    async columns(table) {
      const described = await dialect.describeTable(knex, table);
      return described && Object.fromEntries(described.columns);
    },
    async nullable(table) {
      const info = await knex(table).columnInfo();
      return Object.fromEntries(Object.entries(info).map(([name, column]) => [name, column.nullable]));
    },
    async rows(table, orderBy = ['_sluice_id']) {
      const described = await dialect.describeTable(knex, table);
      assert.ok(described, `table ${table} exists`);
      const rows: Row[] = await knex(table).select('*').orderBy(orderBy);
      return rows.map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, dialect.decode(v, described.columns.get(k)!)])),
      );
    },
    async texts(table, column, orderBy) {
      const rows: Array<{ v: string | null }> = await knex(table)
        .select(knex.raw('CAST(?? AS TEXT) AS v', [column]))
        .orderBy(orderBy);
      return rows.map((row) => row.v);
    },
    async tables() {
      const rows: Array<{ name: string }> =
        dialect.name === 'postgres'
          ? (await knex.raw('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()')).rows
          : await knex.raw("SELECT name FROM sqlite_master WHERE type = 'table'");
      return rows.map((row) => row.name).sort();
    },
    close: () => knex.destroy(),
  };
}

/** Records parsed from a response body's text, as the HTTP client parses them. */
export function bodyRecords(text: string): JsonObject[] {
  return parseBody(text, 'GET https://api.example/files answered 200', 200) as JsonObject[];
}

/** A TableSpec for the contract's `files` resource: merge on `id` unless overridden. */
export function fileSpec(overrides: Partial<TableSpec> = {}): TableSpec {
  return {
    resource: 'files',
    tableName: 'files',
    primaryKey: ['id'],
    mergeKey: [],
    writeDisposition: 'merge',
    columns: {},
    ...overrides,
  };
}

/** The checkpoint of one partition of a resource ('' for a top-level resource). */
export async function checkpointOf(
  destination: Destination,
  resource: string,
  partition: string,
): Promise<Checkpoint | undefined> {
  return (await destination.readCheckpoints(resource, [partition])).get(partition);
}

/** A page of `records` for `table`. */
export function pageOf(
  table: TableSpec,
  seq: number,
  records: JsonObject[],
  overrides: Partial<WritePageInput> = {},
): WritePageInput {
  return {
    table,
    loadId: 'load-1',
    partition: '',
    seq,
    records,
    nextState: { page: seq + 1 },
    done: false,
    ...overrides,
  };
}

const seed003File = (id: number, name: string, tags: string[]): JsonObject => ({
  id,
  name,
  createdAt: '2024-05-01T10:00:00Z',
  owner: { id: 100 + id, displayName: `owner ${id}` },
  tags,
});

// A shared server (DATABASE_URL) keeps schemas between runs: every run names its datasets afresh.
const RUN = randomBytes(3).toString('hex');
let datasets = 0;

/**
 * The destination contract: every implementation runs these tests against a real database. `makeDestination` opens a
 * destination on a dataset no other test uses.
 */
export function runDestinationContract(
  name: string,
  makeDestination: (dataset: string) => Promise<Destination>,
  options: DestinationContractOptions,
): void {
  type Body = (destination: Destination, db: DatasetInspector, dataset: string) => Promise<void>;
  const contract = (title: string, body: Body): void => {
    void it(title, async (t: TestContext) => {
      const reason = options.skipReason?.();
      if (reason) {
        t.skip(reason);
        return;
      }
      const dataset = `contract_${RUN}_${++datasets}`;
      const destination = await makeDestination(dataset);
      const db = await options.inspect(dataset);
      try {
        await destination.ensureSystemTables();
        await body(destination, db, dataset);
      } finally {
        await destination.close();
        await db.close();
      }
    });
  };
  const values = (rows: Row[], column: string) => rows.map((row) => row[column]);

  void describe(`${name} destination contract`, () => {
    contract('creates its system tables idempotently and has no checkpoint for a new resource', async (d, db) => {
      await d.ensureSystemTables();
      assert.equal(await checkpointOf(d, 'files', ''), undefined);
      const state = await db.columns('_sluice_state');
      assert.deepEqual(Object.keys(state ?? {}).sort(), [
        'load_id',
        'pages',
        'partition',
        'records',
        'resource',
        'seq',
        'state',
        'status',
        'updated_at',
      ]);
      const loads = await db.columns('_sluice_loads');
      assert.deepEqual(Object.keys(loads ?? {}).sort(), [
        'error',
        'finished_at',
        'load_id',
        'pages',
        'records',
        'resource',
        'source',
        'started_at',
        'status',
      ]);
    });

    contract('upserts on the primary key under merge, leaving one row per key', async (d, db) => {
      const spec = fileSpec();
      await d.write([
        pageOf(spec, 1, [
          { id: 1, name: 'a' },
          { id: 2, name: 'b' },
          { id: 3, name: 'c' },
        ]),
      ]);
      const [second] = await d.write([
        pageOf(spec, 2, [
          { id: 2, name: 'B' },
          { id: 3, name: 'C' },
          { id: 4, name: 'd' },
        ]),
      ]);
      assert.deepEqual(second, { skipped: false, rows: 3 });
      const rows = await db.rows('files', ['id']);
      assert.deepEqual(values(rows, 'id'), [1, 2, 3, 4]);
      assert.deepEqual(values(rows, 'name'), ['a', 'B', 'C', 'd']);
    });

    contract(
      'writes pages planned ahead as it writes others, even when their table changed after the plan',
      async (d, db) => {
        const spec = fileSpec();
        await d.write([pageOf(spec, 1, [{ id: 1, name: 'a' }])]);
        // Planned against the table as it stands: `id` and `name`.
        const widens = pageOf(spec, 2, [{ id: 2, name: 'b', size: 20 }]);
        const later = pageOf(spec, 3, [
          { id: 3, name: 'c', size: 'large' },
          { id: 4, name: null, size: 40 },
        ]);
        const same = pageOf(spec, 4, [{ id: 5, name: 'e' }]);
        d.plan([widens, later, same]);
        await d.write([widens]);
        await d.write([later]);
        await d.write([same]);
        const rows = await db.rows('files', ['id']);
        assert.deepEqual(values(rows, 'id'), [1, 2, 3, 4, 5]);
        assert.deepEqual(values(rows, 'name'), ['a', 'b', 'c', null, 'e']);
        assert.deepEqual(values(rows, 'size'), [null, 20, null, 40, null]);
        assert.deepEqual(values(rows, 'size__v_text'), [null, null, 'large', null, null]);
      },
    );

    contract('keeps the last record when a key repeats within a page', async (d, db) => {
      const [result] = await d.write([
        pageOf(fileSpec(), 1, [
          { id: 1, name: 'first' },
          { id: 2, name: 'x' },
          { id: 1, name: 'last' },
        ]),
      ]);
      assert.deepEqual(result, { skipped: false, rows: 2 });
      assert.deepEqual(values(await db.rows('files', ['id']), 'name'), ['last', 'x']);
    });

    contract('replaces whole rows on upsert, so fields a record no longer has become null', async (d, db) => {
      const spec = fileSpec();
      await d.write([pageOf(spec, 1, [{ id: 1, name: 'a', size: 10 }])]);
      await d.write([pageOf(spec, 2, [{ id: 1, name: 'b' }])]);
      const [row] = await db.rows('files');
      assert.equal(row!.name, 'b');
      assert.equal(row!.size, null);
    });

    contract('skips a retried page with the same seq and writes nothing', async (d, db) => {
      const spec = fileSpec();
      await d.write([pageOf(spec, 1, [{ id: 1, name: 'a' }])]);
      await d.write([pageOf(spec, 2, [{ id: 2, name: 'b' }])]);
      assert.deepEqual(
        await d.write([
          pageOf(spec, 2, [
            { id: 2, name: 'changed' },
            { id: 9, name: 'new' },
          ]),
        ]),
        [{ skipped: true, rows: 0 }],
      );
      assert.deepEqual(await d.write([pageOf(spec, 1, [{ id: 7, name: 'older' }])]), [{ skipped: true, rows: 0 }]);
      assert.deepEqual(values(await db.rows('files', ['id']), 'name'), ['a', 'b']);
      const checkpoint = await checkpointOf(d, 'files', '');
      assert.equal(checkpoint?.seq, 2);
      assert.equal(checkpoint?.pages, 2);
    });

    contract('appends each page once, even when a page is retried', async (d, db) => {
      const spec = fileSpec({ primaryKey: [], writeDisposition: 'append' });
      await d.write([pageOf(spec, 1, [{ name: 'a' }, { name: 'a' }])]);
      assert.equal((await d.write([pageOf(spec, 1, [{ name: 'a' }, { name: 'a' }])]))[0]!.skipped, true);
      await d.write([pageOf(spec, 2, [{ name: 'b' }])]);
      const rows = await db.rows('files');
      assert.deepEqual(values(rows, 'name').sort(), ['a', 'a', 'b']);
      assert.equal(new Set(values(rows, '_sluice_id')).size, 3, 'every row has its own _sluice_id');
      assert.ok(rows.every((row) => row._sluice_load_id === 'load-1'));
    });

    contract('gives each appended version of a key its own row, with its own children', async (d, db) => {
      const spec = fileSpec({ writeDisposition: 'append' });
      await d.write([pageOf(spec, 1, [seed003File(1, 'first', ['a', 'shared'])])]);
      await d.write([pageOf(spec, 2, [seed003File(1, 'second', ['b', 'shared']), seed003File(1, 'third', ['c'])])]);
      const files = await db.rows('files', ['name']);
      assert.deepEqual(values(files, 'name'), ['first', 'second', 'third']);
      assert.equal(new Set(values(files, '_sluice_id')).size, 3, 'every version has its own _sluice_id');
      const tags = await db.rows('files__tags', ['_sluice_parent_id', '_sluice_list_idx']);
      const tagsOf = (name: string) => {
        const id = files.find((row) => row.name === name)!._sluice_id;
        return values(
          tags.filter((tag) => tag._sluice_parent_id === id && tag._sluice_root_id === id),
          'value',
        );
      };
      assert.deepEqual(['first', 'second', 'third'].map(tagsOf), [['a', 'shared'], ['b', 'shared'], ['c']]);
      assert.equal(new Set(values(tags, '_sluice_id')).size, 5, 'every child row has its own _sluice_id');
    });

    contract(
      'derives _sluice_id deterministically, so a page written again gets the same ids',
      async (d, db, dataset) => {
        const keyed = fileSpec();
        const unkeyed = fileSpec({
          resource: 'events',
          tableName: 'events',
          primaryKey: [],
          writeDisposition: 'append',
        });
        await d.write([pageOf(keyed, 1, [{ id: 1, tags: ['x'] }])]);
        await d.write([pageOf(unkeyed, 1, [{ kind: 'a' }, { kind: 'a' }])]);
        const other = await makeDestination(`${dataset}_again`);
        const otherDb = await options.inspect(`${dataset}_again`);
        try {
          await other.write([pageOf(keyed, 1, [{ id: 1, tags: ['x'] }])]);
          await other.write([pageOf(unkeyed, 1, [{ kind: 'a' }, { kind: 'a' }])]);
          for (const table of ['files', 'files__tags', 'events']) {
            assert.deepEqual(
              values(await otherDb.rows(table), '_sluice_id'),
              values(await db.rows(table), '_sluice_id'),
              table,
            );
          }
        } finally {
          await other.close();
          await otherDb.close();
        }
      },
    );

    contract('swaps a replaced table in atomically when the resource completes', async (d, db) => {
      const spec = fileSpec({ writeDisposition: 'replace' });
      await d.write([pageOf(spec, 1, [seed003File(1, 'old', ['t1']), seed003File(2, 'old', ['t2'])], { done: true })]);
      await d.completeResource(spec, 'load-1');
      assert.deepEqual(values(await db.rows('files', ['id']), 'id'), [1, 2]);

      const load2 = { loadId: 'load-2' };
      await d.write([pageOf(spec, 1, [seed003File(3, 'new', ['t3'])], load2)]);
      await d.write([
        pageOf(spec, 2, [seed003File(4, 'new', []), seed003File(3, 'newer', ['t3', 't4'])], { ...load2, done: true }),
      ]);
      assert.deepEqual(
        values(await db.rows('files', ['id']), 'id'),
        [1, 2],
        'a reader during the load sees the old table',
      );
      assert.deepEqual(await d.readColumnValues(spec, 'id', undefined, 10), [1, 2]);
      assert.deepEqual(values(await db.rows('files__tags', ['value']), 'value'), ['t1', 't2']);

      await d.completeResource(spec, 'load-2');
      const rows = await db.rows('files', ['id']);
      assert.deepEqual(values(rows, 'id'), [3, 4]);
      assert.deepEqual(values(rows, 'name'), ['newer', 'new']);
      assert.deepEqual(values(await db.rows('files__tags', ['value']), 'value'), ['t3', 't4']);
      assert.equal(await db.columns('files__sluice_staging'), undefined, 'the staging table is gone');

      await d.completeResource(spec, 'load-2');
      assert.deepEqual(values(await db.rows('files', ['id']), 'id'), [3, 4], 'a retried completion changes nothing');
    });

    contract('starts a replace load from empty staging tables after an abandoned load', async (d, db) => {
      const spec = fileSpec({ writeDisposition: 'replace' });
      await d.write([pageOf(spec, 1, [{ id: 1, tags: ['abandoned'] }])]);
      await d.write([pageOf(spec, 1, [{ id: 2, tags: ['kept'] }], { loadId: 'load-2', done: true })]);
      await d.completeResource(spec, 'load-2');
      assert.deepEqual(values(await db.rows('files'), 'id'), [2]);
      assert.deepEqual(values(await db.rows('files__tags'), 'value'), ['kept']);
    });

    contract('collects every partition of a replace load in one staging table', async (d, db) => {
      const spec = fileSpec({ resource: 'comments', tableName: 'comments', writeDisposition: 'replace' });
      await d.write([pageOf(spec, 1, [{ id: 1 }], { partition: '10', done: true })]);
      await d.write([pageOf(spec, 1, [{ id: 2 }], { partition: '11', done: true })]);
      await d.completeResource(spec, 'load-1');
      assert.deepEqual(values(await db.rows('comments', ['id']), 'id'), [1, 2]);
    });

    contract(
      'empties the staging tables once when first pages of several partitions share a transaction',
      async (d, db) => {
        const spec = fileSpec({ resource: 'comments', tableName: 'comments', writeDisposition: 'replace' });
        const firstPages = (loadId: string, ids: number[]) =>
          ids.map((id, i) => pageOf(spec, 1, [{ id }], { loadId, partition: String(i), done: true }));
        await d.write(firstPages('load-1', [1, 2]));
        await d.completeResource(spec, 'load-1');
        await d.write(firstPages('load-2', [3, 4, 5]));
        await d.completeResource(spec, 'load-2');
        assert.deepEqual(values(await db.rows('comments', ['id']), 'id'), [3, 4, 5]);
      },
    );

    contract(
      'counts each partition on in a transaction that holds several of its pages, skipping those committed',
      async (d) => {
        const spec = fileSpec({ resource: 'comments', tableName: 'comments', primaryKey: ['id'] });
        const page = (partition: string, seq: number, ids: number[]) =>
          pageOf(
            spec,
            seq,
            ids.map((id) => ({ id: `${partition}${id}` })),
            { partition },
          );
        const first = await d.write([page('a', 1, [1, 2]), page('a', 2, [3]), page('b', 1, [1])]);
        assert.deepEqual(first, [
          { skipped: false, rows: 2 },
          { skipped: false, rows: 1 },
          { skipped: false, rows: 1 },
        ]);
        const second = await d.write([page('a', 2, [3]), page('b', 2, [2, 3]), page('a', 3, [4])]);
        assert.deepEqual(second, [
          { skipped: true, rows: 0 },
          { skipped: false, rows: 2 },
          { skipped: false, rows: 1 },
        ]);
        const checkpoints = await d.readCheckpoints('comments', ['a', 'b']);
        assert.deepEqual(
          [...checkpoints.values()]
            .map(({ partition, seq, pages, records }) => ({ partition, seq, pages, records }))
            .sort((x, y) => x.partition.localeCompare(y.partition)),
          [
            { partition: 'a', seq: 3, pages: 3, records: 4 },
            { partition: 'b', seq: 2, pages: 2, records: 3 },
          ],
        );
      },
    );

    contract('flattens nested objects into parent__child columns', async (d, db) => {
      await d.write([pageOf(fileSpec(), 1, [{ id: 1, owner: { login: 'ann', address: { city: 'Oslo' } } }])]);
      const [row] = await db.rows('files');
      assert.equal(row!.owner__login, 'ann');
      assert.equal(row!.owner__address__city, 'Oslo');
    });

    contract('moves lists into child tables, and lists of scalars into a value column', async (d, db) => {
      await d.write([
        pageOf(fileSpec(), 1, [
          { ...seed003File(1, 'report', ['q1', 'final']), shares: [{ userId: 7, roles: ['viewer', 'editor'] }] },
        ]),
      ]);
      const [root] = await db.rows('files');
      assert.equal(root!.owner__display_name, 'owner 1');
      assert.ok(!('tags' in root!), 'the list is not a column of the root table');
      const tags = await db.rows('files__tags', ['_sluice_list_idx']);
      assert.deepEqual(values(tags, 'value'), ['q1', 'final']);
      assert.deepEqual(values(tags, '_sluice_list_idx'), [0, 1]);
      assert.ok(
        tags.every(
          (tag) =>
            tag._sluice_parent_id === root!._sluice_id &&
            tag._sluice_root_id === root!._sluice_id &&
            typeof tag._sluice_id === 'string',
        ),
      );
      const [share] = await db.rows('files__shares');
      assert.equal(share!.user_id, 7);
      const roles = await db.rows('files__shares__roles', ['_sluice_list_idx']);
      assert.deepEqual(values(roles, 'value'), ['viewer', 'editor']);
      assert.ok(
        roles.every(
          (role) => role._sluice_parent_id === share!._sluice_id && role._sluice_root_id === root!._sluice_id,
        ),
      );
    });

    contract('replaces the children of a parent updated by merge', async (d, db) => {
      const spec = fileSpec();
      await d.write([pageOf(spec, 1, [seed003File(1, 'a', ['x', 'y', 'z']), seed003File(2, 'b', ['keep'])])]);
      await d.write([pageOf(spec, 2, [seed003File(1, 'a', ['w'])])]);
      assert.deepEqual(values(await db.rows('files__tags', ['value']), 'value'), ['keep', 'w']);
      await d.write([pageOf(spec, 3, [{ id: 2, name: 'no tags any more' }])]);
      assert.deepEqual(values(await db.rows('files__tags', ['value']), 'value'), ['w']);
    });

    contract('sends a value that conflicts with its column type to a variant column', async (d, db) => {
      const spec = fileSpec();
      await d.write([pageOf(spec, 1, [{ id: 1, size: 10, done: true }])]);
      await d.write([
        pageOf(spec, 2, [
          { id: 2, size: 'big', done: 'yes' },
          { id: 3, size: 12.5, done: false },
        ]),
      ]);
      const columns = await db.columns('files');
      assert.equal(columns?.size, 'bigint');
      assert.equal(columns?.size__v_text, 'text');
      assert.equal(columns?.size__v_double, 'double');
      assert.equal(columns?.done__v_text, 'text');
      const rows = await db.rows('files', ['id']);
      assert.deepEqual(values(rows, 'size'), [10, null, null]);
      assert.deepEqual(values(rows, 'size__v_text'), [null, 'big', null]);
      assert.deepEqual(values(rows, 'size__v_double'), [null, null, 12.5]);
      assert.deepEqual(values(rows, 'done'), [true, null, false]);
    });

    contract('adds columns for fields that appear mid-sync', async (d, db) => {
      const spec = fileSpec();
      await d.write([pageOf(spec, 1, [{ id: 1, name: 'a' }])]);
      await d.write([
        pageOf(spec, 2, [{ id: 2, name: 'b', modifiedAt: '2024-06-01T08:00:00.123Z', extra: { flag: true } }]),
      ]);
      const columns = await db.columns('files');
      assert.equal(columns?.modified_at, 'timestamp');
      assert.equal(columns?.extra__flag, 'bool');
      const rows = await db.rows('files', ['id']);
      assert.deepEqual(values(rows, 'extra__flag'), [null, true]);
      assert.equal(
        Date.parse(String(rows[1]!.modified_at).replace(' ', 'T').replace(/\+00$/, 'Z')),
        Date.parse('2024-06-01T08:00:00.123Z'),
      );
    });

    contract('stores a malicious field name as a harmless normalised column', async (d, db) => {
      const evil = fileSpec({ resource: 'evil', tableName: 'x"; drop table _sluice_state; --' });
      await d.write([pageOf(evil, 1, [{ id: 1, 'a"; drop table x; --': 'payload' }])]);
      const table = normalizeIdentifier('x"; drop table _sluice_state; --');
      assert.match(table, /^[a-z0-9_]+$/);
      const [row] = await db.rows(table);
      assert.equal(row!.a_drop_table_xxxx, 'payload');
      assert.ok(await db.columns('_sluice_state'), 'the system tables still exist');
      assert.equal((await checkpointOf(d, 'evil', ''))?.seq, 1);
    });

    contract('rejects a record without its primary key, naming the resource, record and page', async (d, db) => {
      const spec = fileSpec({ primaryKey: ['file_id'] });
      await d.write([pageOf(spec, 1, [{ file_id: 'f1' }])]);
      const records: JsonObject[] = [{ file_id: 'f2' }, { file_id: 'f3' }, { file_id: 'f4' }, { name: 'no key' }];
      await assert.rejects(d.write([pageOf(spec, 2, records)]), (error: Error) => {
        assert.ok(error instanceof DestinationError);
        assert.equal(error.message, "resource 'files': record 3 of page 2 has no primary key 'file_id'");
        return true;
      });
      await assert.rejects(
        d.write([pageOf(spec, 2, [{ file_id: null }])]),
        /record 0 of page 2 has no primary key 'file_id'/,
      );
      const typed = fileSpec({
        primaryKey: ['file_id'],
        columns: { file_id: { data_type: 'bigint' } },
        resource: 'typed',
        tableName: 'typed',
      });
      await assert.rejects(d.write([pageOf(typed, 1, [{ file_id: 'x'.repeat(500) }])]), (error: Error) => {
        assert.equal(
          error.message,
          `resource 'typed': record 0 of page 1 has value "${'x'.repeat(79)}…, which does not fit its type bigint, for primary key 'file_id'`,
        );
        return true;
      });
      assert.deepEqual(values(await db.rows('files'), 'file_id'), ['f1'], 'nothing of the failed page was written');
      assert.equal((await checkpointOf(d, 'files', ''))?.seq, 1);
    });

    contract(
      'creates columns hinted not nullable NOT NULL, and fails a page with a record that has no value for one',
      async (d, db) => {
        const spec = fileSpec({
          columns: { ownerName: { nullable: false }, size: { data_type: 'bigint', nullable: false } },
        });
        await d.write([pageOf(spec, 1, [{ id: 1, ownerName: 'ann', size: 10, note: 'x' }])]);
        const nullable = await db.nullable('files');
        assert.deepEqual([nullable.owner_name, nullable.size, nullable.note], [false, false, true]);
        await assert.rejects(
          d.write([
            pageOf(spec, 2, [
              { id: 2, ownerName: 'bob', size: 5 },
              { id: 3, size: 7 },
            ]),
          ]),
          (error: Error) => {
            assert.ok(error instanceof DestinationError);
            assert.equal(
              error.message,
              "resource 'files': record 1 of page 2 has no value for column 'ownerName', which its hints declare not nullable",
            );
            return true;
          },
        );
        await assert.rejects(
          d.write([pageOf(spec, 2, [{ id: 2, ownerName: 'bob', size: 'big' }])]),
          /record 0 of page 2 has value "big", which does not fit its type bigint, for column 'size', which its hints declare not nullable/,
        );
        assert.deepEqual(values(await db.rows('files'), 'id'), [1], 'nothing of the failed pages was written');
        assert.equal((await checkpointOf(d, 'files', ''))?.seq, 1);
      },
    );

    contract('writes consecutive pages in one transaction: all of them, or none when one fails', async (d, db) => {
      const spec = fileSpec({ primaryKey: ['file_id'] });
      const written = await d.write([
        pageOf(spec, 1, [{ file_id: 'a' }]),
        pageOf(spec, 2, [{ file_id: 'b' }, { file_id: 'c' }]),
      ]);
      assert.deepEqual(written, [
        { skipped: false, rows: 1 },
        { skipped: false, rows: 2 },
      ]);
      assert.equal((await checkpointOf(d, 'files', ''))?.seq, 2);
      await assert.rejects(
        d.write([pageOf(spec, 3, [{ file_id: 'd' }]), pageOf(spec, 4, [{ name: 'no key' }])]),
        /record 0 of page 4 has no primary key/,
      );
      assert.deepEqual(
        values(await db.rows('files', ['file_id']), 'file_id'),
        ['a', 'b', 'c'],
        'page 3 was rolled back with page 4',
      );
      assert.equal((await checkpointOf(d, 'files', ''))?.seq, 2);
    });

    contract('commits pages written at the same time, and fails only the one that is bad', async (d, db) => {
      const spec = fileSpec({ primaryKey: ['file_id'] });
      const partitions = Array.from({ length: 40 }, (_, i) => String(i).padStart(2, '0'));
      const results = await Promise.allSettled(
        partitions.map((partition) =>
          d.write([
            pageOf(spec, 1, [partition === '17' ? { name: 'no key' } : { file_id: `f${partition}` }], {
              partition,
              done: true,
            }),
          ]),
        ),
      );
      const rejected = results.flatMap((result, i) => (result.status === 'rejected' ? [partitions[i]] : []));
      assert.deepEqual(rejected, ['17']);
      assert.equal((await db.rows('files', ['file_id'])).length, 39);
      for (const partition of partitions) {
        assert.equal(
          (await checkpointOf(d, 'files', partition))?.seq,
          partition === '17' ? undefined : 1,
          `partition ${partition}`,
        );
      }
    });

    contract('keeps each write whole when concurrent writes of several pages share a transaction', async (d, db) => {
      const spec = fileSpec({ primaryKey: ['file_id'] });
      const pages = (partition: string, records: JsonObject[][]) =>
        records.map((page, i) => pageOf(spec, i + 1, page, { partition }));
      const results = await Promise.allSettled([
        d.write(pages('a', [[{ file_id: 'a1' }], [{ file_id: 'a2' }]])),
        d.write(pages('b', [[{ file_id: 'b1' }], [{ name: 'no key' }]])),
        d.write(pages('c', [[{ file_id: 'c1' }]])),
      ]);
      assert.deepEqual(
        results.map((result) => result.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      assert.deepEqual(values(await db.rows('files', ['file_id']), 'file_id'), ['a1', 'a2', 'c1']);
      const checkpoints = await d.readCheckpoints('files', ['a', 'b', 'c']);
      assert.deepEqual([...checkpoints.values()].map(({ partition, seq }) => [partition, seq]).sort(), [
        ['a', 2],
        ['c', 1],
      ]);
    });

    contract('pages through distinct values of a column after a given value', async (d) => {
      const spec = fileSpec();
      const records = Array.from({ length: 25 }, (_, i) => ({
        id: 25 - i,
        folderId: `f${String(i % 7).padStart(2, '0')}`,
      }));
      await d.write([pageOf(spec, 1, records)]);
      assert.deepEqual(await d.readColumnValues(spec, 'id', undefined, 10), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.deepEqual(await d.readColumnValues(spec, 'id', 10, 10), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      assert.deepEqual(await d.readColumnValues(spec, 'id', 20, 10), [21, 22, 23, 24, 25]);
      assert.deepEqual(await d.readColumnValues(spec, 'id', 25, 10), []);
      assert.deepEqual(await d.readColumnValues(spec, 'folderId', 'f03', 10), ['f04', 'f05', 'f06']);
      assert.deepEqual(await d.readColumnValues(fileSpec({ tableName: 'missing' }), 'id', undefined, 10), []);
      assert.deepEqual(await d.readColumnValues(spec, 'no_such_column', undefined, 10), []);
    });

    contract('reads back, for fan-out, only the parent rows a load wrote', async (d) => {
      const spec = fileSpec();
      await d.write([
        pageOf(spec, 1, [
          { id: 1, name: 'a' },
          { id: 2, name: 'b' },
          { id: 3, name: 'c' },
        ]),
      ]);
      await d.write([
        pageOf(
          spec,
          1,
          [
            { id: 2, name: 'b2' },
            { id: 4, name: 'd' },
          ],
          { loadId: 'load-2' },
        ),
      ]);
      assert.deepEqual(await d.readColumnValues(spec, 'id', undefined, 10), [1, 2, 3, 4], 'without a load: every row');
      assert.deepEqual(await d.readColumnValues(spec, 'id', undefined, 10, 'load-2'), [2, 4]);
      assert.deepEqual(await d.readParentRows(spec, 'id', ['name'], undefined, 10, 'load-2'), [
        { key: 2, fields: { name: 'b2' } },
        { key: 4, fields: { name: 'd' } },
      ]);
      assert.deepEqual(
        await d.readParentRows(spec, 'id', ['name'], 1, 10, 'load-1'),
        [{ key: 3, fields: { name: 'c' } }],
        'row 2 now belongs to load-2',
      );
      assert.deepEqual(await d.readParentRows(spec, 'id', [], undefined, 10, 'load-3'), []);
    });

    contract('reads a nested parent field from the column its records were flattened into', async (d) => {
      const spec = fileSpec();
      await d.write([
        pageOf(spec, 1, [
          { id: 1, owner: { id: 'o7', name: 'ann' } },
          { id: 2, owner: { id: 'o9', name: 'bob' } },
        ]),
      ]);
      assert.deepEqual(await d.readColumnValues(spec, 'owner.id', undefined, 10, 'load-1'), ['o7', 'o9']);
      assert.deepEqual(await d.readParentRows(spec, 'id', ['owner.id', 'owner.name'], undefined, 10, 'load-1'), [
        { key: 1, fields: { 'owner.id': 'o7', 'owner.name': 'ann' } },
        { key: 2, fields: { 'owner.id': 'o9', 'owner.name': 'bob' } },
      ]);
    });

    contract('refuses to walk a parent field that no record of the load has', async (d) => {
      const spec = fileSpec();
      await d.write([pageOf(spec, 1, [{ id: 1 }, { id: 2 }])]);
      await assert.rejects(d.readColumnValues(spec, 'owner.id', undefined, 10, 'load-1'), {
        name: 'DestinationError',
        message: /no column owner__id for the field 'owner\.id'/,
      });
      assert.deepEqual(await d.readColumnValues(spec, 'owner.id', undefined, 10, 'load-2'), [], 'no rows of that load');
    });

    contract('reads back the checkpoint written with each page', async (d) => {
      const spec = fileSpec();
      await d.write([pageOf(spec, 1, [{ id: 1 }, { id: 2 }], { nextState: { cursor: 'abc', offset: 2 } })]);
      assert.deepEqual(await checkpointOf(d, 'files', ''), {
        resource: 'files',
        partition: '',
        loadId: 'load-1',
        seq: 1,
        state: { cursor: 'abc', offset: 2 },
        status: 'running',
        records: 2,
        pages: 1,
      });
      await d.write([pageOf(spec, 2, [{ id: 3 }], { nextState: { cursor: null }, done: true })]);
      assert.deepEqual(await checkpointOf(d, 'files', ''), {
        resource: 'files',
        partition: '',
        loadId: 'load-1',
        seq: 2,
        state: { cursor: null },
        status: 'complete',
        records: 3,
        pages: 2,
      });
      await d.write([pageOf(spec, 1, [{ id: 4 }], { loadId: 'load-2' })]);
      const restarted = await checkpointOf(d, 'files', '');
      assert.deepEqual(
        [restarted?.loadId, restarted?.seq, restarted?.records, restarted?.pages, restarted?.status],
        ['load-2', 1, 1, 1, 'running'],
      );
      await d.write([pageOf(spec, 1, [{ id: 5 }], { partition: '42' })]);
      assert.equal((await checkpointOf(d, 'files', '42'))?.records, 1);
      assert.equal((await checkpointOf(d, 'files', ''))?.loadId, 'load-2', 'partitions are independent');
    });

    contract("reads several partitions' checkpoints at once, leaving out those without one", async (d) => {
      const spec = fileSpec();
      assert.equal((await d.readCheckpoints('files', ['a', 'b'])).size, 0, 'nothing before the first page');
      await d.write([pageOf(spec, 1, [{ id: 1 }], { partition: 'a', done: true })]);
      await d.write([pageOf(spec, 1, [{ id: 2 }], { partition: 'c' })]);
      await d.write([pageOf(fileSpec({ resource: 'other' }), 1, [{ id: 3 }], { partition: 'b' })]);
      const checkpoints = await d.readCheckpoints('files', ['a', 'b', 'c']);
      assert.deepEqual([...checkpoints.keys()].sort(), ['a', 'c'], "another resource's partition is not this one's");
      assert.deepEqual(checkpoints.get('a'), await checkpointOf(d, 'files', 'a'));
      assert.equal(checkpoints.get('c')?.status, 'running');
      assert.equal((await d.readCheckpoints('files', [])).size, 0);
    });

    contract('sums what a load committed for a resource over its partitions, whoever committed it', async (d) => {
      const spec = fileSpec();
      assert.deepEqual(
        await d.committedTotals('files', 'load-1'),
        { pages: 0, records: 0 },
        'nothing before the first page',
      );
      await d.write([pageOf(spec, 1, [{ id: 1 }, { id: 2 }], { partition: 'a' })]);
      await d.write([pageOf(spec, 2, [{ id: 3 }], { partition: 'a', done: true })]);
      await d.write([pageOf(spec, 1, [{ id: 4 }], { partition: 'b' })]);
      assert.deepEqual(await d.write([pageOf(spec, 1, [{ id: 5 }], { partition: 'a' })]), [{ skipped: true, rows: 0 }]);
      await d.write([pageOf(spec, 1, [{ id: 6 }], { partition: 'c', loadId: 'load-2' })]);
      await d.write([pageOf(fileSpec({ resource: 'other' }), 1, [{ id: 7 }], { partition: 'a' })]);
      assert.deepEqual(
        await d.committedTotals('files', 'load-1'),
        { pages: 3, records: 4 },
        'a page committed again is skipped, not counted twice',
      );
      assert.deepEqual(await d.committedTotals('files', 'load-2'), { pages: 1, records: 1 });
    });

    contract('keeps every character of text values, and tells NULL from the text NULL', async (d, db) => {
      const awkward = [
        'say "hi"',
        'C:\\temp\\new',
        '\\"',
        'a,b',
        '{braces}',
        ' padded ',
        '',
        'NULL',
        'null',
        'ünïcødé ✓',
        'line\nbreak\ttab',
      ];
      const records = awkward.map((name, id) => ({ id, name, tags: { raw: name } }));
      await d.write([pageOf(fileSpec({ maxTableNesting: 0 }), 1, [...records, { id: awkward.length, name: null }])]);
      const rows = await db.rows('files', ['id']);
      assert.deepEqual(values(rows, 'name'), [...awkward, null]);
      assert.deepEqual(
        rows.slice(0, awkward.length).map((row) => (row.tags as JsonObject).raw),
        awkward,
      );
    });

    contract('stores a value that every row of a page shares exactly, whatever its type', async (d, db) => {
      const shared = {
        name: 'say "hi", {a,b} \\ NULL',
        amount: 0.1,
        active: false,
        createdAt: '2024-05-01T10:00:00Z',
        meta: { raw: 'x' },
      };
      const records = [0, 1, 2].map((id) => ({ id, ...shared, note: null, varies: `v${id}` }));
      await d.write([pageOf(fileSpec({ maxTableNesting: 0 }), 1, [...records, { id: 3, name: 'other' }])]);
      const rows = await db.rows('files', ['id']);
      assert.deepEqual(values(rows, 'name'), [shared.name, shared.name, shared.name, 'other']);
      assert.deepEqual(values(rows, 'amount'), [0.1, 0.1, 0.1, null]);
      assert.deepEqual(values(rows, 'active'), [false, false, false, null]);
      assert.deepEqual(values(rows, 'varies'), ['v0', 'v1', 'v2', null]);
      assert.deepEqual(values(rows, 'meta'), [{ raw: 'x' }, { raw: 'x' }, { raw: 'x' }, null]);
      assert.deepEqual(
        values(rows, 'created_at')
          .slice(0, 3)
          .map((value) => new Date(value as string).toISOString()),
        Array(3).fill('2024-05-01T10:00:00.000Z'),
      );
      // Every row of the next page shares every value but its key.
      await d.write([
        pageOf(fileSpec({ maxTableNesting: 0 }), 2, [
          { id: 4, ...shared },
          { id: 5, ...shared },
        ]),
      ]);
      assert.deepEqual(values(await db.rows('files', ['id']), 'name').slice(4), [shared.name, shared.name]);
    });

    contract('appends every copy of a record repeated within a page, child rows included', async (d, db) => {
      const record = { id: 1, name: 'same', tags: ['x'] };
      await d.write([pageOf(fileSpec({ writeDisposition: 'append' }), 1, [record, record, record])]);
      assert.deepEqual(values(await db.rows('files', ['id']), 'name'), ['same', 'same', 'same']);
      assert.deepEqual(values(await db.rows('files__tags', ['value']), 'value'), ['x', 'x', 'x']);
    });

    contract('stores nested data as JSON at max_table_nesting 0', async (d, db) => {
      await d.write([pageOf(fileSpec({ maxTableNesting: 0 }), 1, [seed003File(1, 'a', ['x', 'y'])])]);
      const columns = await db.columns('files');
      assert.equal(columns?.owner, 'json');
      assert.equal(columns?.tags, 'json');
      assert.equal(await db.columns('files__tags'), undefined);
      const [row] = await db.rows('files');
      assert.deepEqual(row!.owner, { id: 101, displayName: 'owner 1' });
      assert.deepEqual(row!.tags, ['x', 'y']);
    });

    contract('flattens and nests one level deep at max_table_nesting 1, storing deeper data as JSON', async (d, db) => {
      const record = {
        id: 1,
        owner: { login: 'ann', address: { city: 'Oslo' } },
        shares: [{ userId: 7, roles: ['viewer'] }],
      };
      await d.write([pageOf(fileSpec({ maxTableNesting: 1 }), 1, [record])]);
      const [root] = await db.rows('files');
      assert.equal(root!.owner__login, 'ann');
      assert.deepEqual(root!.owner__address, { city: 'Oslo' });
      const [share] = await db.rows('files__shares');
      assert.equal(share!.user_id, 7);
      assert.deepEqual(share!.roles, ['viewer']);
      assert.equal(await db.columns('files__shares__roles'), undefined);
    });

    contract('round-trips loads through beginLoad, finishLoad and listLoads', async (d) => {
      const base = {
        loadId: 'load-1',
        source: 'box',
        records: 0,
        pages: 0,
        startedAt: '2024-05-01T10:00:00.000Z',
      } as const;
      await d.beginLoad({ ...base, resource: 'files', status: 'running' });
      await d.beginLoad({ ...base, resource: 'users', status: 'running' });
      await d.finishLoad({
        ...base,
        resource: 'files',
        status: 'completed',
        records: 350,
        pages: 4,
        finishedAt: '2024-05-01T10:01:00.000Z',
      });
      await d.finishLoad({
        ...base,
        resource: 'users',
        status: 'failed',
        finishedAt: '2024-05-01T10:02:00.000Z',
        error: 'HTTP 404',
      });
      await d.beginLoad({
        ...base,
        loadId: 'load-2',
        resource: 'files',
        status: 'running',
        startedAt: '2024-05-02T10:00:00.000Z',
      });
      const loads = await d.listLoads(10);
      assert.deepEqual(loads, [
        { ...base, loadId: 'load-2', resource: 'files', status: 'running', startedAt: '2024-05-02T10:00:00.000Z' },
        {
          ...base,
          resource: 'files',
          status: 'completed',
          records: 350,
          pages: 4,
          finishedAt: '2024-05-01T10:01:00.000Z',
        },
        { ...base, resource: 'users', status: 'failed', finishedAt: '2024-05-01T10:02:00.000Z', error: 'HTTP 404' },
      ]);
      await d.beginLoad({ ...base, resource: 'users', status: 'running' });
      const resumed = (await d.listLoads(10)).find((load) => load.loadId === 'load-1' && load.resource === 'users');
      assert.deepEqual(resumed, { ...base, resource: 'users', status: 'running' }, 'beginning again clears the end');
      assert.equal((await d.listLoads(1)).length, 1);
      const again = { ...base, resource: 'users', startedAt: '2024-05-03T10:00:00.000Z' };
      await d.finishLoad({ ...again, status: 'completed', finishedAt: '2024-05-03T10:01:00.000Z' });
      const attempts = (await d.listAttempts(10)).filter((a) => a.resource === 'users').map((a) => a.status);
      assert.deepEqual(attempts, ['completed', 'failed'], 'the failed attempt stays listed after the load completes');
    });

    contract('deletes rows of earlier loads that share a merge key with the page', async (d, db) => {
      const spec = fileSpec({ primaryKey: [], mergeKey: ['day'] });
      await d.write([
        pageOf(
          spec,
          1,
          [
            { day: 1, v: 'a', parts: [1] },
            { day: 1, v: 'b' },
            { day: 2, v: 'c' },
          ],
          { done: true },
        ),
      ]);
      const load2 = { loadId: 'load-2' };
      await d.write([pageOf(spec, 1, [{ day: 1, v: 'd' }], load2)]);
      await d.write([pageOf(spec, 2, [{ day: 1, v: 'e' }], { ...load2, done: true })]);
      assert.deepEqual(values(await db.rows('files', ['v']), 'v'), ['c', 'd', 'e']);
      assert.deepEqual(await db.rows('files__parts'), [], 'children of deleted rows are deleted');
    });

    contract('refuses the upsert strategy without a primary key, and upserts by it', async (d, db) => {
      const keyless = fileSpec({ primaryKey: [], mergeStrategy: 'upsert' });
      await assert.rejects(d.write([pageOf(keyless, 1, [{ name: 'a' }])]), (error: Error) => {
        assert.ok(error instanceof DestinationError);
        assert.equal(error.message, "resource 'files': the upsert merge strategy needs a primary_key");
        return true;
      });
      const spec = fileSpec({ mergeStrategy: 'upsert' });
      await d.write([
        pageOf(
          spec,
          1,
          [
            { id: 1, name: 'a', tags: ['x'] },
            { id: 2, name: 'b' },
          ],
          { done: true },
        ),
      ]);
      await d.write([pageOf(spec, 1, [{ id: 1, name: 'A', tags: ['y'] }], { loadId: 'load-2' })]);
      assert.deepEqual(values(await db.rows('files', ['id']), 'name'), ['A', 'b']);
      assert.deepEqual(values(await db.rows('files__tags'), 'value'), ['y']);
    });

    contract('keeps versions under scd2: new ones valid from their load, retired ones closed', async (d, db) => {
      const spec = fileSpec({ primaryKey: [], mergeStrategy: 'scd2' });
      const instant = (value: string | null) =>
        value === null ? null : new Date(value.replace(' ', 'T').replace(/\+00$/, 'Z')).toISOString();
      const starts = ['2024-05-01T10:00:00.000Z', '2024-05-02T10:00:00.000Z', '2024-05-03T10:00:00.000Z'];
      const load = async (n: number, records: JsonObject[]) => {
        const loadId = `load-${n}`;
        await d.beginLoad({
          loadId,
          source: 's',
          resource: 'files',
          status: 'running',
          records: 0,
          pages: 0,
          startedAt: starts[n - 1]!,
        });
        await d.write([pageOf(spec, 1, records.slice(0, 1), { loadId })]);
        await d.write([pageOf(spec, 2, records.slice(1), { loadId, done: true })]);
        await d.completeResource(spec, loadId);
      };
      const versions = async () => {
        const rows = await db.rows('files', ['name', '_dlt_valid_from']);
        const from = await db.texts('files', '_dlt_valid_from', 'name');
        const to = await db.texts('files', '_dlt_valid_to', 'name');
        return rows.map((row, i) => [row.name, instant(from[i]!), instant(to[i]!)]);
      };
      await load(1, [
        { id: 1, name: 'a1', tags: ['t'] },
        { id: 2, name: 'b' },
      ]);
      await load(2, [
        { id: 2, name: 'b' },
        { id: 1, name: 'a2', tags: ['t', 'u'] },
        { id: 3, name: 'c' },
      ]);
      assert.deepEqual(await versions(), [
        ['a1', starts[0], starts[1]],
        ['a2', starts[1], null],
        ['b', starts[0], null],
        ['c', starts[1], null],
      ]);
      await load(3, [{ id: 3, name: 'c' }]);
      assert.deepEqual(await versions(), [
        ['a1', starts[0], starts[1]],
        ['a2', starts[1], starts[2]],
        ['b', starts[0], starts[2]],
        ['c', starts[1], null],
      ]);
      assert.equal((await db.columns('files'))?._dlt_valid_to, 'timestamp');
      assert.deepEqual(
        values(await db.rows('files__tags', ['value']), 'value'),
        ['t', 't', 'u'],
        'children of each version once',
      );
    });

    contract('continues an existing table from a new destination instance', async (d, db, dataset) => {
      const spec = fileSpec();
      await d.write([pageOf(spec, 1, [{ id: 1, size: 1, tags: ['a'] }])]);
      await d.close();
      const again = await makeDestination(dataset);
      try {
        await again.write([pageOf(spec, 2, [{ id: 1, size: 'one', tags: ['b'] }])]);
        const rows = await db.rows('files');
        assert.deepEqual([rows.length, rows[0]!.size, rows[0]!.size__v_text], [1, null, 'one']);
        assert.deepEqual(values(await db.rows('files__tags'), 'value'), ['b']);
      } finally {
        await again.close();
      }
    });

    contract('infers column types and lets column hints override them', async (d, db) => {
      const spec = fileSpec({
        columns: { code: { data_type: 'text' }, fileSize: { data_type: 'bigint' }, meta: { data_type: 'json' } },
      });
      const record = {
        id: 1,
        ratio: 0.5,
        active: true,
        title: 'hello',
        seenAt: '2024-05-01T10:00:00+02:00',
        day: '2024-05-01',
        big: '12345678901234567890',
        code: 42,
        fileSize: '2048',
        meta: { a: 1 },
        missing: null,
      };
      await d.write([pageOf(spec, 1, [record])]);
      assert.deepEqual(await db.columns('files'), {
        _sluice_id: 'text',
        _sluice_load_id: 'text',
        id: 'bigint',
        ratio: 'double',
        active: 'bool',
        title: 'text',
        seen_at: 'timestamp',
        day: 'text',
        big: 'text',
        code: 'text',
        file_size: 'bigint',
        meta: 'json',
      });
      const [row] = await db.rows('files');
      assert.deepEqual(
        [row!.active, row!.big, row!.code, row!.file_size, row!.meta],
        [true, '12345678901234567890', '42', 2048, { a: 1 }],
      );
    });

    contract('shortens names longer than 63 characters the same way on every page', async (d, db) => {
      const long = `field_${'x'.repeat(80)}`;
      await d.write([pageOf(fileSpec(), 1, [{ id: 1, [long]: 'a' }])]);
      await d.write([pageOf(fileSpec(), 2, [{ id: 2, [long]: 'b' }])]);
      const column = normalizeIdentifier(long);
      assert.equal(column.length, 63);
      assert.deepEqual(values(await db.rows('files', ['id']), column), ['a', 'b']);
    });

    contract('drops NUL characters and replaces unpaired surrogates alike, in text and JSON', async (d, db) => {
      await d.write([
        pageOf(fileSpec({ columns: { meta: { data_type: 'json' } } }), 1, [
          { id: 1, name: 'a\u0000b', lone: 'x\ud800y', pair: '\ud83d\ude00', meta: { note: 'c\u0000d', s: '\udc00' } },
        ]),
      ]);
      const [row] = await db.rows('files');
      assert.deepEqual(
        [row!.name, row!.lone, row!.pair, row!.meta],
        ['ab', 'x\ufffdy', '\ud83d\ude00', { note: 'cd', s: '\ufffd' }],
      );
    });

    contract('types a JSON 1.0 as a double and keeps integers beyond 2^53 exact', async (d, db) => {
      const records = bodyRecords(
        '[{"id": 1, "ratio": 1.0, "scaled": 1e3, "big": 9007199254740993, "huge": 123456789012345678901234, "ids": [9223372036854775807, 2]},' +
          ' {"id": 2, "ratio": 2.5, "scaled": 7, "big": -9007199254740995, "huge": 5, "ids": []}]',
      );
      await d.write([pageOf(fileSpec(), 1, records)]);
      const columns = await db.columns('files');
      assert.deepEqual(
        [columns?.ratio, columns?.scaled, columns?.big, columns?.huge, columns?.ratio__v_bigint],
        ['double', 'double', 'bigint', 'text', undefined],
      );
      assert.deepEqual(values(await db.rows('files', ['id']), 'ratio'), [1, 2.5]);
      assert.deepEqual(await db.texts('files', 'big', 'id'), ['9007199254740993', '-9007199254740995']);
      assert.deepEqual(await db.texts('files', 'huge', 'id'), ['123456789012345678901234', '5']);
      assert.equal((await db.columns('files__ids'))?.value, 'bigint');
      assert.deepEqual(await db.texts('files__ids', 'value', '_sluice_list_idx'), ['9223372036854775807', '2']);
    });

    contract('detects the timestamps dlt detects and stores them in UTC', async (d, db) => {
      const record = {
        id: 1,
        offset: '2024-05-01T10:00:00+02:00',
        naive: '2024-05-01 10:00:00',
        basic: '20240501T100000Z',
        week: '2024-W18-3T10:00',
        slashes: '2024/05/01 10:00',
        lower: '2024-05-01t10:00:00z',
        day: '2024-05-01',
      };
      await d.write([pageOf(fileSpec(), 1, [record])]);
      const columns = await db.columns('files');
      assert.deepEqual(
        [
          columns?.offset,
          columns?.naive,
          columns?.basic,
          columns?.week,
          columns?.slashes,
          columns?.lower,
          columns?.day,
        ],
        ['timestamp', 'timestamp', 'timestamp', 'timestamp', 'timestamp', 'text', 'text'],
      );
      for (const [column, hour] of [
        ['offset', '08'],
        ['naive', '10'],
        ['basic', '10'],
        ['week', '10'],
        ['slashes', '10'],
      ]) {
        const [stored] = await db.texts('files', column!, 'id');
        assert.match(String(stored), new RegExp(`^2024-05-01[T ]${hour}:00:00\\+00(:00)?$`), column);
      }
      await d.write([pageOf(fileSpec(), 2, [{ id: 2, offset: '2024-05-02', naive: 'soon' }])]);
      assert.match(String((await db.texts('files', 'offset', 'id'))[1]), /^2024-05-02[T ]00:00:00\+00(:00)?$/);
      assert.equal((await db.rows('files', ['id']))[1]!.naive__v_text, 'soon');
    });

    contract('normalises keys as dlt does, keeping a double underscore', async (d, db) => {
      await d.write([
        pageOf(fileSpec(), 1, [{ id: 1, Amount__c: 5, Owner__r: { Full__Name: 'ann' }, Line__Items: [{ Qty__c: 2 }] }]),
      ]);
      const [row] = await db.rows('files');
      assert.deepEqual([row!.amount__c, row!.owner__r__full__name], [5, 'ann']);
      assert.deepEqual(values(await db.rows('files__line__items'), 'qty__c'), [2]);
    });

    contract('creates no child table for an empty list, until a list with elements arrives', async (d, db) => {
      await d.write([pageOf(fileSpec(), 1, [{ id: 1, tags: [] }])]);
      assert.deepEqual(
        (await db.tables()).filter((table) => table.startsWith('files')),
        ['files'],
      );
      await d.write([pageOf(fileSpec(), 2, [{ id: 2, tags: ['a'] }])]);
      assert.deepEqual(values(await db.rows('files__tags'), 'value'), ['a']);
    });

    contract('fails a page whose record has two keys that become one column, writing nothing', async (d, db) => {
      await d.write([pageOf(fileSpec(), 1, [{ id: 1 }])]);
      await assert.rejects(d.write([pageOf(fileSpec(), 2, [{ id: 2 }, { id: 30, ID: 31 }])]), (error: Error) => {
        assert.ok(error instanceof DestinationError);
        assert.equal(
          error.message,
          "resource 'files': record 1 of page 2 has the keys 'id' and 'ID', which both become column 'id'; rename one with a processing step",
        );
        return true;
      });
      await assert.rejects(
        d.write([pageOf(fileSpec(), 2, [{ id: 3, items: [{ a_b: 1, 'a-b': 2 }] }])]),
        /record 0 of page 2 has the keys 'a_b' and 'a-b', which both become column 'a_b'/,
      );
      assert.deepEqual(values(await db.rows('files'), 'id'), [1]);
    });

    contract('stores a list nested 300 deep in a bounded number of tables', async (d, db) => {
      let deep: JsonValue = ['bottom'];
      for (let i = 0; i < 299; i++) deep = [deep];
      await d.write([pageOf(fileSpec(), 1, [{ id: 1, deep }])]);
      const tables = (await db.tables()).filter((table) => !table.startsWith('_sluice'));
      assert.ok(tables.length > 1 && tables.length <= DEFAULT_MAX_TABLE_NESTING + 1, tables.join(', '));
      assert.ok(tables.includes(normalizeColumnName('files__deep')));
    });

    contract("reports a table wider than the database's column limit at once, naming the rule", async (d) => {
      const record = Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`c${i}`, i]));
      await assert.rejects(d.write([pageOf(fileSpec(), 1, [{ id: 1, ...record }])]), (error: Error) => {
        assert.ok(error instanceof DestinationError);
        assert.match(
          error.message,
          /^(PostgreSQL allows at most 1,600|SQLite allows at most 2,000) columns in a table: table 'files' would have 2,004;/,
        );
        return true;
      });
    });

    contract('writes a page wider than one statement can bind', async (d, db) => {
      const records = Array.from({ length: 3000 }, (_, i) =>
        Object.fromEntries([['id', i], ...Array.from({ length: 12 }, (_, c) => [`c${c}`, `${i}-${c}`])]),
      );
      assert.deepEqual(await d.write([pageOf(fileSpec(), 1, records)]), [{ skipped: false, rows: 3000 }]);
      const rows = await db.rows('files', ['id']);
      assert.equal(rows.length, 3000);
      assert.equal(rows[2999]!.c11, '2999-11');
    });
  });
}
