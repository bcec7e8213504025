/**
 * Throughput of `normalizePage` alone, on pages of 1,000 records parsed from JSON text as the HTTP client parses them:
 *
 * - `S1`: S1's narrow `files` records (5 fields), merged on `file_id`.
 * - `nested`: records with a nested object, a key with `__`, a camelCase key and a list of scalars, appended.
 *
 * Each scenario warms up, then runs several rounds and prints the median records/s, with a digest of everything
 * normalised, so that a faster version can show it produces the same rows.
 *
 *   node --import tsx bench/normalize.ts [RECORDS=200000] [ROUNDS=5] [S1|nested]
 *   node --cpu-prof --import tsx bench/normalize.ts   # writes a .cpuprofile to open in a profiler
 */
import { createHash } from 'node:crypto';
import type { TableSpec, WritePageInput } from '../engine/destinations/destination';
import { normalizePage, tableShape } from '../engine/destinations/normalize-page';
import { parseBody } from '../engine/http/parse-body';
import type { JsonObject } from '../engine/json';
import { filesDataset } from '../emulator/flat-datasets';
import { sliceCollection } from '../emulator/collection';

const RECORDS = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const ONLY = process.argv[4];
const PAGE = 1000;

interface Scenario {
  name: string;
  table: TableSpec;
  record: (index: number) => Record<string, unknown>;
}

const files = filesDataset(0, RECORDS);
const spec = (tableName: string, overrides: Partial<TableSpec>): TableSpec => ({
  resource: tableName,
  tableName,
  primaryKey: [],
  mergeKey: [],
  writeDisposition: 'append',
  columns: {},
  ...overrides,
});

const SCENARIOS: Scenario[] = [
  {
    name: 'S1',
    table: spec('files', { primaryKey: ['file_id'], writeDisposition: 'merge' }),
    record: (i) => sliceCollection(files, i, 1)[0]!,
  },
  {
    name: 'nested',
    table: spec('items', {}),
    record: (i) => ({
      id: i + 1,
      displayName: `item ${i}`,
      Amount__c: i * 1.5,
      owner: { id: i % 97, loginName: `user${i % 97}`, address: { city: 'Oslo', zip: '0150' } },
      tags: ['a', 'b', `t${i % 7}`],
      updatedAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    }),
  },
];

/** Pages of records as the HTTP client hands them over: parsed from the body's text. */
function pages(scenario: Scenario): WritePageInput[] {
  const out: WritePageInput[] = [];
  for (let start = 0, seq = 1; start < RECORDS; start += PAGE, seq++) {
    const records = Array.from({ length: Math.min(PAGE, RECORDS - start) }, (_, i) => scenario.record(start + i));
    const parsed = parseBody(JSON.stringify(records), 'GET bench', 200) as JsonObject[];
    out.push({
      table: scenario.table,
      loadId: 'bench',
      partition: '',
      seq,
      records: parsed,
      nextState: null,
      done: false,
    });
  }
  return out;
}

/** A digest of the normalised rows, to compare two versions of the code. */
function digest(inputs: WritePageInput[]): string {
  const hash = createHash('sha256');
  const shape = tableShape(inputs[0]!.table);
  for (const input of inputs) {
    const page = normalizePage(input, shape);
    hash.update(JSON.stringify(page.rows, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    for (const [table, rows] of page.children) hash.update(table).update(JSON.stringify(rows));
  }
  return hash.digest('hex').slice(0, 16);
}

/** One pass over every page: records per second of wall time, and per second of this process's CPU time. */
function round(inputs: WritePageInput[]): { wall: number; cpu: number } {
  const shape = tableShape(inputs[0]!.table);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const input of inputs) normalizePage(input, shape);
  const used = process.cpuUsage(cpu);
  return {
    wall: RECORDS / ((performance.now() - started) / 1000),
    cpu: RECORDS / ((used.user + used.system) / 1e6),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')} records/s`;

for (const scenario of SCENARIOS.filter((s) => !ONLY || s.name === ONLY)) {
  const inputs = pages(scenario);
  round(inputs);
  const rounds = Array.from({ length: ROUNDS }, () => round(inputs));
  const wall = rounds.map((r) => r.wall);
  // On a shared machine wall time swings with the neighbours' load; CPU time much less.
  console.log(
    `${scenario.name}: ${perSecond(median(wall))} (median of ${ROUNDS}; ${perSecond(median(rounds.map((r) => r.cpu)))} of CPU time; rounds in k/s: ${wall.map((rate) => Math.round(rate / 1000)).join(', ')}); digest ${digest(inputs)}`,
  );
}
