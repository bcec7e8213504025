import assert from 'node:assert/strict';
import Database from 'better-sqlite3';

type Row = Record<string, unknown>;

/** Flattens nested objects into `a__b` keys, as sluice's destinations do; lists stay as they are. */
function flatten(record: Row, prefix = '', out: Row = {}): Row {
  for (const [key, value] of Object.entries(record)) {
    const name = prefix ? `${prefix}__${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) flatten(value as Row, name, out);
    else out[name] = value;
  }
  return out;
}

function same(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'boolean') return actual === expected || actual === Number(expected);
  if (typeof expected === 'number') return Number(actual) === expected;
  if (Array.isArray(expected)) return true;
  return actual === expected;
}

/** Reads every row of a SQLite table. */
export function readSqliteTable(file: string, table: string): Row[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).all() as Row[];
  } finally {
    db.close();
  }
}

/**
 * Asserts a loaded table holds exactly the expected records: the same primary keys, no duplicates, and every scalar
 * field equal (column names as written by the API, which the seeds already give in snake_case).
 */
export function assertTableMatches(rows: Row[], expected: Map<string | number, Row>, primaryKey: string): void {
  const keys = rows.map((row) => String(row[primaryKey]));
  assert.equal(new Set(keys).size, keys.length, 'no duplicate primary keys');
  assert.deepEqual(new Set(keys), new Set([...expected.keys()].map(String)), 'exactly the expected primary keys');
  const byKey = new Map(rows.map((row) => [String(row[primaryKey]), row]));
  for (const [key, record] of expected) {
    const row = byKey.get(String(key))!;
    for (const [field, value] of Object.entries(flatten(record))) {
      const column = field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
      assert.ok(
        same(row[column], value),
        `${primaryKey}=${key}: ${column} is ${JSON.stringify(row[column])}, expected ${JSON.stringify(value)}`,
      );
    }
  }
}
