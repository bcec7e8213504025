import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CellValue } from './data-type';
import { quoteIdentifier, quoteIdentifiers } from './quote-identifier';

/** One COPY text-format field: `\N` for NULL; backslash, tab, newline and carriage return escaped. */
function copyField(value: CellValue): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}

/** The rows as COPY text lines, in chunks of about 64 KB so the stream neither buffers a page twice nor trickles. */
function* copyChunks(values: CellValue[][], count: number): Generator<string> {
  let chunk = '';
  for (let row = 0; row < count; row++) {
    for (let c = 0; c < values.length; c++) chunk += (c > 0 ? '\t' : '') + copyField(values[c]![row]!);
    chunk += '\n';
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

let stages = 0;

/**
 * Writes `count` rows into `table` through COPY: the rows go into a temporary staging table of the page's columns
 * (dropped at commit), then one `INSERT … SELECT` moves them, with `ON CONFLICT` when given. The statement is the same
 * upsert as the `unnest` path, so the two differ only in how the rows reach the server.
 */
export async function copyUpsert(
  trx: Knex.Transaction,
  table: string,
  columns: Array<{ name: string; native: string }>,
  values: CellValue[][],
  count: number,
  onConflict: string,
): Promise<void> {
  const stage = quoteIdentifier(`_sluice_stage_${++stages}`);
  const names = quoteIdentifiers(columns.map((c) => c.name));
  await trx.raw(
    `CREATE TEMPORARY TABLE ${stage} (${columns.map((c) => `${quoteIdentifier(c.name)} ${c.native}`).join(', ')}) ON COMMIT DROP`,
  );
  // The transaction's own connection: COPY must run inside it, and knex has no COPY of its own.
  const client = (trx.client as { acquireConnection(): Promise<pg.Client> }).acquireConnection();
  const copy = (await client).query(copyFrom(`COPY ${stage} (${names}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(values, count)), copy);
  await trx.raw(`INSERT INTO ${quoteIdentifier(table)} (${names}) SELECT ${names} FROM ${stage}${onConflict}`);
}
