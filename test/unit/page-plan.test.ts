import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableSpec, WritePageInput } from '../../engine/destinations/destination';
import { planPage, physicalTable } from '../../engine/destinations/page-plan';

const spec = (overrides: Partial<TableSpec> = {}): TableSpec => ({
  resource: 'files',
  tableName: 'Files',
  primaryKey: ['ID'],
  mergeKey: [],
  writeDisposition: 'merge',
  columns: {},
  ...overrides,
});

const page = (table: TableSpec): WritePageInput => ({
  table,
  loadId: 'load-1',
  partition: '7',
  seq: 1,
  records: [{ ID: 1, Tags: ['a'] }],
  nextState: null,
  done: false,
});

const checkpointLock = JSON.stringify(['checkpoint', 'files', '7']);

void describe('page plan', () => {
  const cases: Array<[string, Partial<TableSpec>, object]> = [
    [
      'merge upserts on the normalised primary key into the live table',
      {},
      { live: 'files', table: 'files', staged: false, strategy: 'delete-insert', upsertKey: ['id'] },
    ],
    [
      'append only inserts',
      { writeDisposition: 'append' },
      { live: 'files', table: 'files', staged: false, strategy: undefined, upsertKey: undefined },
    ],
    [
      'replace writes the staging table and upserts there',
      { writeDisposition: 'replace' },
      { live: 'files', table: 'files__sluice_staging', staged: true, strategy: undefined, upsertKey: ['id'] },
    ],
    [
      'scd2 inserts versions, never upserts',
      { mergeStrategy: 'scd2' },
      { live: 'files', table: 'files', staged: false, strategy: 'scd2', upsertKey: undefined },
    ],
  ];
  for (const [name, overrides, expected] of cases) {
    void it(name, () => {
      const plan = planPage(page(spec(overrides)));
      const { live, table, staged, strategy, upsertKey } = plan;
      assert.deepEqual({ live, table, staged, strategy, upsertKey }, expected);
    });
  }

  void it('locks the checkpoint, the staging tables under replace and the versions under scd2', () => {
    assert.deepEqual(planPage(page(spec())).locks, [checkpointLock]);
    assert.deepEqual(planPage(page(spec({ writeDisposition: 'replace' }))).locks, [
      checkpointLock,
      JSON.stringify(['staging', 'files']),
    ]);
    assert.deepEqual(planPage(page(spec({ mergeStrategy: 'scd2' }))).locks, [
      checkpointLock,
      JSON.stringify(['versions', 'files']),
    ]);
  });

  void it('types new columns from hints and from scd2 validity columns', () => {
    const plan = planPage(page(spec({ mergeStrategy: 'scd2', columns: { Size: { data_type: 'bigint' } } })));
    assert.deepEqual(
      [...plan.hints],
      [
        ['size', 'bigint'],
        ['_dlt_valid_from', 'timestamp'],
        ['_dlt_valid_to', 'timestamp'],
      ],
    );
  });

  void it('normalises the page and names its child tables as written', () => {
    const plan = planPage(page(spec({ writeDisposition: 'replace' })));
    assert.deepEqual([...plan.normalized.children.keys()], ['files__tags']);
    assert.equal(physicalTable(plan, 'files__tags'), 'files__tags__sluice_staging');
    assert.equal(physicalTable(planPage(page(spec())), 'files__tags'), 'files__tags');
  });

  const invalid: Array<[string, Partial<TableSpec>, string]> = [
    [
      'upsert without a primary key',
      { primaryKey: [], mergeStrategy: 'upsert' },
      "resource 'files': the upsert merge strategy needs a primary_key",
    ],
    [
      'scd2 with an option sluice does not support',
      { mergeStrategy: 'scd2', mergeOptions: { active_record_timestamp: '9999-12-31' } },
      "resource 'files': scd2's active_record_timestamp is not supported by sluice",
    ],
    [
      'scd2 with a merge key',
      { mergeStrategy: 'scd2', mergeKey: ['ID'] },
      "resource 'files': scd2 with a merge_key (retiring only the keys a load saw) is not supported by sluice",
    ],
  ];
  for (const [name, overrides, message] of invalid) {
    void it(`refuses ${name}`, () => {
      assert.throws(() => planPage(page(spec(overrides))), { name: 'DestinationError', message });
    });
  }
});
