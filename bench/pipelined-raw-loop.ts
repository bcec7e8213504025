import { Agent } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fetch from 'node-fetch';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The pipelined raw limit: pages fetched ahead over keep-alive while COPY writes, with nothing else. */
export interface PipelinedRawLoopOptions {
  url: string;
  limit: number;
  postgresUrl: string;
  schema: string;
  /** Pages requested ahead of the one being written (default 8). */
  window?: number;
}

type File = { file_id: number; file_name: string; file_size: number; created_at: string; last_modified: string };

async function token(url: string): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'sluice-client',
    client_secret: 'sluice-secret',
  });
  const response = await fetch(`${url}/oauth2/token`, { method: 'POST', body });
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * Runs the loop over /v1/files into PostgreSQL; returns the records written. Up to `window` pages are in flight while
 * the oldest one is copied, pages are written in order, and no page is requested past the first short one. There is
 * no schema inference, merge, checkpoint or retry: it is what the hardware and the two servers allow.
 */
export async function pipelinedRawLoop(options: PipelinedRawLoopOptions): Promise<number> {
  const window = options.window ?? 8;
  const agent = new Agent({ keepAlive: true });
  const bearer = await token(options.url);
  const get = async (offset: number): Promise<File[]> => {
    const response = await fetch(`${options.url}/v1/files?offset=${offset}&limit=${options.limit}`, {
      agent,
      headers: { authorization: `Bearer ${bearer}` },
    });
    return ((await response.json()) as { files: File[] }).files;
  };
  const client = new pg.Client({ connectionString: options.postgresUrl });
  await client.connect();
  const schema = pg.escapeIdentifier(options.schema);
  const table = `${schema}.files`;
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${table} (file_id bigint, file_name text, file_size bigint, created_at timestamptz, last_modified timestamptz)`,
  );
  const inFlight: Array<Promise<File[]>> = [];
  let nextOffset = 0;
  let written = 0;
  const request = () => {
    inFlight.push(get(nextOffset));
    nextOffset += options.limit;
  };
  try {
    for (let i = 0; i < window; i++) request();
    for (;;) {
      const files = await inFlight.shift()!;
      const last = files.length < options.limit;
      if (!last) request();
      if (files.length > 0) {
        const lines = files.map(
          (f) => `${f.file_id}\t${f.file_name}\t${f.file_size}\t${f.created_at}\t${f.last_modified}\n`,
        );
        await pipeline(Readable.from(lines), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
        written += files.length;
      }
      if (last) break;
    }
    // Requests sent past the end answer empty pages; they are awaited only so none is left dangling.
    await Promise.allSettled(inFlight);
  } finally {
    await client.end();
    agent.destroy();
  }
  return written;
}
