import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CASES } from '../differential/cases';
import { readExpectedDifferences, UNEXPLAINED } from '../differential/expected-differences';
import { runDifferential } from '../differential/run-differential';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { startSyncFixture, type SyncFixture } from '../support/sync-fixture';

const EXPECTED_DIFFERENCES = readExpectedDifferences();
// SLUICE_DIFFERENTIAL_ONLY=id,id runs only those configs, to check one fix quickly.
const ONLY = process.env.SLUICE_DIFFERENTIAL_ONLY?.split(',');
const RUN_CASES = ONLY ? CASES.filter((c) => ONLY.includes(c.id)) : CASES;

describe('sluice loads what dlt 1.31 loads from the same config, on a first run and after the data changed', () => {
  let postgres: TestPostgres;
  let fixture: SyncFixture;
  let outcomes: Map<string, string[]>;

  before(async () => {
    postgres = await startPostgres();
    fixture = await startSyncFixture({ name: 'differential', destination: postgres.url });
    outcomes = await runDifferential(RUN_CASES, fixture, postgres.url);
    // SLUICE_DIFFERENTIAL_REPORT=file.json writes every difference, to update the known ones after a fix.
    const report = process.env.SLUICE_DIFFERENTIAL_REPORT;
    if (report) writeFileSync(report, JSON.stringify(Object.fromEntries(outcomes), null, 2));
  });
  after(async () => {
    await fixture?.stop();
    await postgres?.stop();
  });

  for (const c of RUN_CASES) {
    const expected = EXPECTED_DIFFERENCES[c.id];
    const name = expected ? `${c.id} (${c.covers}) differs only as known: ${expected.why}` : `${c.id} (${c.covers})`;
    test(name, () => {
      assert.deepEqual(outcomes.get(c.id), expected?.differences ?? []);
    });
  }

  test('every known difference says why', () => {
    const unexplained = Object.entries(EXPECTED_DIFFERENCES).filter(([, known]) => known.why.startsWith(UNEXPLAINED));
    assert.deepEqual(
      unexplained.map(([id]) => id),
      [],
    );
  });

  test('every known difference belongs to a config of the suite', () => {
    const ids = new Set(CASES.map((c) => c.id));
    assert.deepEqual(
      Object.keys(EXPECTED_DIFFERENCES).filter((id) => !ids.has(id)),
      [],
    );
  });
});
