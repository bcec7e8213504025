import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EMULATOR_CREDENTIALS, type SyncFixture } from '../support/sync-fixture';
import type { DifferentialCase } from './case';
import { compareSnapshots } from './compare';
import { runDltBatch } from './run-dlt';
import { runSluice } from './run-sluice';
import { readSnapshot } from './snapshot';

const log = (line: string) => process.stderr.write(`[differential] ${line}\n`);

/** Sluice syncs run at once: enough to overlap their waits, few enough for a 2-core machine also running dlt. */
const SLUICE_CONCURRENCY = 4;

interface Schemas {
  dlt: string;
  sluice: string;
}

const schemasOf = (id: string): Schemas => ({ dlt: `dd_${id}_${process.pid}`, sluice: `ds_${id}_${process.pid}` });

function withClient(config: Record<string, unknown>, baseUrl: string, auth: Record<string, unknown>) {
  const client = (config.client as Record<string, unknown> | undefined) ?? {};
  return { ...config, client: { ...client, base_url: baseUrl, auth } };
}

async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function dropSchemas(url: string, cases: DifferentialCase[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const { id } of cases)
      for (const schema of Object.values(schemasOf(id)))
        await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Runs every case with dlt and with sluice, twice: first against the first generation of the API's data, then against
 * the second (edits, inserts, deletes), each engine loading into its own PostgreSQL schema. After each run it compares
 * the two schemas. Resolves with each case's differences, each line prefixed with its run; an engine's failure is a
 * difference too.
 */
export async function runDifferential(
  cases: DifferentialCase[],
  fixture: SyncFixture,
  postgresUrl: string,
): Promise<Map<string, string[]>> {
  await dropSchemas(postgresUrl, cases);
  const pipelinesDir = await mkdtemp(join(tmpdir(), 'sluice-differential-'));
  const api = fixture.emulator.url;
  const tokenUrl = `${api}/oauth2/token`;
  const dltAuth = {
    type: 'oauth2_client_credentials',
    access_token_url: tokenUrl,
    client_id: EMULATOR_CREDENTIALS.CLIENT_ID,
    client_secret: EMULATOR_CREDENTIALS.CLIENT_SECRET,
  };
  const sluiceAuth = { ...dltAuth, client_id: { $secret: 'client_id' }, client_secret: { $secret: 'client_secret' } };
  const scrub = (text: string) => text.split(api).join('<api>').replaceAll(`_${process.pid}`, '');
  const outcomes = new Map<string, string[]>(cases.map((c) => [c.id, []]));

  for (const generation of [1, 2]) {
    const base = `${api}/diff/g${generation}`;
    const jobs = cases.map((c) => ({
      id: c.id,
      pipeline: `differential_${c.id}`,
      dataset: schemasOf(c.id).dlt,
      config: withClient(c.config, base, dltAuth),
    }));
    const sluiceErrors = new Map<string, string | undefined>();
    const started = Date.now();
    const took = (engine: string) => () => log(`run ${generation}: ${engine} took ${(Date.now() - started) / 1000} s`);
    // dlt spends most of a run in one Python thread: two processes use both cores while sluice waits on I/O.
    const half = Math.ceil(jobs.length / 2);
    const [dltErrors] = await Promise.all([
      Promise.all([
        runDltBatch(jobs.slice(0, half), postgresUrl, pipelinesDir),
        runDltBatch(jobs.slice(half), postgresUrl, pipelinesDir),
      ])
        .then(([a, b]) => new Map([...a, ...b]))
        .finally(took('dlt')),
      inPool(cases, SLUICE_CONCURRENCY, async (c) => {
        const destination = { url: postgresUrl, dataset: schemasOf(c.id).sluice };
        sluiceErrors.set(
          c.id,
          await runSluice(fixture, `differential_${c.id}`, withClient(c.config, base, sluiceAuth), destination),
        );
      }).finally(took('sluice')),
    ]);
    for (const c of cases) {
      const lines = outcomes.get(c.id)!;
      const dltError = dltErrors.get(c.id);
      const sluiceError = sluiceErrors.get(c.id);
      if (dltError) lines.push(`dlt failed: ${scrub(dltError)}`);
      if (sluiceError) lines.push(`sluice failed: ${scrub(sluiceError)}`);
      const schemas = schemasOf(c.id);
      const differences = compareSnapshots(
        await readSnapshot(postgresUrl, schemas.dlt, c.loadTimeColumns),
        await readSnapshot(postgresUrl, schemas.sluice, c.loadTimeColumns),
      );
      lines.push(...differences);
      outcomes.set(
        c.id,
        lines.map((line) => (line.startsWith('run ') ? line : `run ${generation}: ${line}`)),
      );
    }
  }
  return outcomes;
}
