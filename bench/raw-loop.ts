import Database from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Agent } from 'node:http';

/** The raw limit: fetch pages with keep-alive and write them, with no orchestration, inference or retries. */
export interface RawLoopOptions {
  url: string;
  limit: number;
  destination: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string };
}

async function token(url: string): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'sluice-client',
    client_secret: 'sluice-secret',
  });
  const response = await fetch(`${url}/oauth2/token`, { method: 'POST', body });
  return ((await response.json()) as { access_token: string }).access_token;
}

type File = { file_id: number; file_name: string; file_size: number; created_at: string; last_modified: string };

/** Runs the raw loop over /v1/files; returns the records written. */
export async function rawLoop(options: RawLoopOptions): Promise<number> {
  const agent = new Agent({ keepAlive: true });
  const bearer = await token(options.url);
  const get = async (offset: number) => {
    const { default: fetchWithAgent } = await import('node-fetch');
    const response = await fetchWithAgent(`${options.url}/v1/files?offset=${offset}&limit=${options.limit}`, {
      agent,
      headers: { authorization: `Bearer ${bearer}` },
    });
    return ((await response.json()) as { files: File[] }).files;
  };
  let written = 0;
  if (options.destination.kind === 'sqlite') {
    const db = new Database(options.destination.file);
    db.pragma('journal_mode = WAL');
    db.exec(
      'CREATE TABLE IF NOT EXISTS files (file_id INTEGER PRIMARY KEY, file_name TEXT, file_size INTEGER, created_at TEXT, last_modified TEXT)',
    );
    const insert = db.prepare('INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)');
    const page = db.transaction((files: File[]) =>
      files.forEach((f) => insert.run(f.file_id, f.file_name, f.file_size, f.created_at, f.last_modified)),
    );
    for (let offset = 0; ; offset += options.limit) {
      const files = await get(offset);
      if (files.length === 0) break;
      page(files);
      written += files.length;
      if (files.length < options.limit) break;
    }
    db.close();
  } else {
    const client = new pg.Client({ connectionString: options.destination.url });
    await client.connect();
    const table = `${pg.escapeIdentifier(options.destination.schema)}.files`;
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(options.destination.schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (file_id bigint, file_name text, file_size bigint, created_at timestamptz, last_modified timestamptz)`,
    );
    for (let offset = 0; ; offset += options.limit) {
      const files = await get(offset);
      if (files.length === 0) break;
      const lines = files.map(
        (f) => `${f.file_id}\t${f.file_name}\t${f.file_size}\t${f.created_at}\t${f.last_modified}\n`,
      );
      await pipeline(Readable.from(lines), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
      written += files.length;
      if (files.length < options.limit) break;
    }
    await client.end();
  }
  agent.destroy();
  return written;
}
