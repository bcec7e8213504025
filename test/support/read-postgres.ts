import pg from 'pg';

/** Reads every row of a table in a PostgreSQL schema; timestamps come back as ISO strings, as the API sent them. */
export async function readPostgresTable(
  url: string,
  schema: string,
  table: string,
): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT * FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`);
    return rows.map((row: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
    );
  } finally {
    await client.end();
  }
}
