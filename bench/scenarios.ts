import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { projectPath } from '../client/project-path';
import { startEmulatorProcess } from './emulator-process';
import { rawLoop } from './raw-loop';
import type { BenchWorker } from './bench-worker';
import { timedSync } from './sluice-sync';

const execFileAsync = promisify(execFile);
const SEED_000 = projectPath('examples', 'seeds', '000_026a418351b15901.txt');
const SEED_002 = projectPath('examples', 'seeds', '002_371112f1b08ad37e.txt');
const DLT_PYTHON = projectPath('.tools', 'dlt-venv', 'bin', 'python');

/** What every scenario gets. */
export interface BenchContext {
  client: Client;
  taskQueue: string;
  postgresUrl?: string;
  worker: BenchWorker;
  quick: boolean;
  log: (line: string) => void;
}

/** One printed figure. */
export interface Figure {
  scenario: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
const sets = (url: string, extra: string[] = []) => [`client.base_url=${url}`, `client.auth.token_url=${url}/oauth2/token`, ...extra];

async function dlt(url: string, limit: number, destination: 'postgres' | 'duckdb', postgresUrl?: string): Promise<number | string> {
  try {
    const { stdout } = await execFileAsync(DLT_PYTHON, [projectPath('bench', 'dlt_baseline.py'), url, String(limit), destination, ...(postgresUrl ? [postgresUrl] : [])], { maxBuffer: 1 << 24, timeout: 3_600_000 });
    return (JSON.parse(stdout.trim().split('\n').at(-1)!) as { seconds: number }).seconds;
  } catch (error) {
    return `dlt baseline unavailable: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** S1: N narrow records, offset API with 1,000 per page, merge, into PostgreSQL and SQLite, against raw and dlt. */
export async function s1(ctx: BenchContext): Promise<Figure[]> {
  const records = ctx.quick ? 100_000 : 1_000_000;
  const emulator = await startEmulatorProcess({ sizes: { files: records } });
  const figures: Figure[] = [];
  const rate = (name: string, seconds: number, note?: string) => figures.push({ scenario: 'S1', name, value: Math.round(records / seconds), unit: 'records/s', note });
  try {
    const extra = ['resources.files.endpoint.paginator.limit=1000'];
    // A fresh worker process, so its peak memory is this scenario's.
    await ctx.worker.restart();
    const sqlite = await timedSync({ client: ctx.client, taskQueue: ctx.taskQueue, config: SEED_000, sets: sets(emulator.url, extra), destination: { url: `sqlite:${join(dir, 's1.db')}`, dataset: 's1' } });
    rate('sluice → SQLite', sqlite.seconds);
    const t0 = performance.now();
    await rawLoop({ url: emulator.url, limit: 1000, destination: { kind: 'sqlite', file: join(dir, 's1-raw.db') } });
    rate('raw loop → SQLite', (performance.now() - t0) / 1000);
    if (ctx.postgresUrl) {
      const pgRun = await timedSync({ client: ctx.client, taskQueue: ctx.taskQueue, config: SEED_000, sets: sets(emulator.url, extra), destination: { url: ctx.postgresUrl, dataset: `s1_${Date.now()}` } });
      rate('sluice → PostgreSQL (merge)', pgRun.seconds);
      const t1 = performance.now();
      await rawLoop({ url: emulator.url, limit: 1000, destination: { kind: 'postgres', url: ctx.postgresUrl, schema: `raw_${Date.now()}` } });
      rate('raw loop → PostgreSQL (COPY)', (performance.now() - t1) / 1000);
      // dlt insists on a password; the benchmark cluster trusts local connections, so any will do.
      const dltUrl = new URL(ctx.postgresUrl);
      if (!dltUrl.password) dltUrl.password = 'unused';
      const dltPg = await dlt(emulator.url, 1000, 'postgres', dltUrl.toString());
      if (typeof dltPg === 'number') rate('dlt → PostgreSQL (merge)', dltPg);
      else ctx.log(dltPg);
    }
    const dltDuck = await dlt(emulator.url, 1000, 'duckdb');
    if (typeof dltDuck === 'number') rate('dlt → duckdb (merge)', dltDuck);
    figures.push({ scenario: 'S1', name: 'worker peak RSS', value: ctx.worker.peakRssMb(), unit: 'MB', note: 'the sluice worker process, over both syncs' });
  } finally {
    await emulator.stop();
  }
  return figures;
}

/** S3: one resource of many 100-record pages: orchestration overhead per page beyond waiting on the emulator. */
export async function s3(ctx: BenchContext): Promise<Figure[]> {
  const pages = ctx.quick ? 1000 : 10_000;
  const emulator = await startEmulatorProcess({ sizes: { files: pages * 100 } });
  try {
    const overheads: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      await rawLoop({ url: emulator.url, limit: 100, destination: { kind: 'sqlite', file: join(dir, `s3-raw-${run}.db`) } });
      const raw = (performance.now() - t0) / 1000;
      const sluice = await timedSync({ client: ctx.client, taskQueue: ctx.taskQueue, config: SEED_000, sets: sets(emulator.url), destination: { url: `sqlite:${join(dir, `s3-${run}.db`)}`, dataset: 's3' } });
      overheads.push(((sluice.seconds - raw) * 1000) / pages);
    }
    overheads.sort((a, b) => a - b);
    return [{ scenario: 'S3', name: `overhead per page over the raw loop (median of 3, ${pages} pages)`, value: Number(overheads[1]!.toFixed(2)), unit: 'ms/page' }];
  } finally {
    await emulator.stop();
  }
}

/** S4: an offset API with a known total at 50 ms latency: pages fetched eight at a time against one by one. */
export async function s4(ctx: BenchContext): Promise<Figure[]> {
  const pages = ctx.quick ? 40 : 200;
  const emulator = await startEmulatorProcess({ latencyMs: 50, sizes: { files: pages * 100 } });
  try {
    const run = (prefetchWindow: number) => timedSync({ client: ctx.client, taskQueue: ctx.taskQueue, config: SEED_000, sets: sets(emulator.url), destination: { url: `sqlite:${join(dir, `s4-${prefetchWindow}.db`)}`, dataset: 's4' }, prefetchWindow });
    const sequential = (await run(1)).seconds;
    const parallel = (await run(8)).seconds;
    return [
      { scenario: 'S4', name: `sequential, ${pages} pages at 50 ms`, value: Number(sequential.toFixed(2)), unit: 's' },
      { scenario: 'S4', name: 'parallel (8 at a time)', value: Number(parallel.toFixed(2)), unit: 's' },
      { scenario: 'S4', name: 'speed-up', value: Number((sequential / parallel).toFixed(2)), unit: '×' },
    ];
  } finally {
    await emulator.stop();
  }
}

/** S2: seed 002's 15 resources at 50 ms latency, against the longest chain of sequential requests (median of 3). */
export async function s2(ctx: BenchContext): Promise<Figure[]> {
  const latency = 50;
  const emulator = await startEmulatorProcess({ latencyMs: latency });
  try {
    const runs: Array<Awaited<ReturnType<typeof timedSync>>> = [];
    for (let run = 0; run < 3; run++) {
      runs.push(await timedSync({ client: ctx.client, taskQueue: ctx.taskQueue, config: SEED_002, sets: sets(emulator.url), destination: { url: `sqlite:${join(dir, `s2-${run}.db`)}`, dataset: 's2' } }));
    }
    const { seconds, result } = runs.sort((a, b) => a.seconds - b.seconds)[1]!;
    // A root's chain is its pages, requested one after another; a child's is its parent's chain plus the pages of one
    // partition (its pages divided by its partitions), since partitions can run side by side.
    const parents: Record<string, string> = { collection_items: 'collections', file_collaborations: 'files', folder_collaborations: 'folders', file_comments: 'files', file_tasks: 'files' };
    const chain = (name: string): number => {
      const r = result.resources[name]!;
      const parent = parents[name];
      return parent ? chain(parent) + Math.ceil(r.pages / Math.max(1, r.partitions)) : r.pages;
    };
    const bound = (Math.max(...Object.keys(result.resources).map(chain)) * latency) / 1000;
    return [
      { scenario: 'S2', name: 'seed 002 at 50 ms (median of 3)', value: Number(seconds.toFixed(2)), unit: 's' },
      { scenario: 'S2', name: 'critical-path bound', value: Number(bound.toFixed(2)), unit: 's' },
      { scenario: 'S2', name: 'ratio to the bound', value: Number((seconds / bound).toFixed(2)), unit: '×' },
    ];
  } finally {
    await emulator.stop();
  }
}

/** S5: fan-out to many parent keys, each with one small child page; peak worker memory. */
export async function s5(ctx: BenchContext): Promise<Figure[]> {
  const folderItems = ctx.quick ? 6_000 : 150_000;
  const emulator = await startEmulatorProcess({ sizes: { folder_items: folderItems } });
  const config = join(dir, 's5.json');
  writeFileSync(config, JSON.stringify({
    client: { base_url: emulator.url, auth: { type: 'oauth2', client_id: { $secret: 'client_id' }, client_secret: { $secret: 'client_secret' }, token_url: `${emulator.url}/oauth2/token` } },
    resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
    resources: [
      { name: 'files', endpoint: { path: '/v1/folders/0/items', data_selector: 'entries', record_filter: "{{ record['type'] == 'file' }}", paginator: { type: 'offset', limit: 1000, offset_param: 'offset' } } },
      { name: 'file_comments', endpoint: { path: "/v1/files/{{ stream_slice['file_id'] }}/comments", data_selector: 'entries', paginator: { type: 'offset', limit: 100, offset_param: 'offset' } } },
    ],
  }));
  try {
    await ctx.worker.restart();
    const { seconds, result } = await timedSync({ client: ctx.client, taskQueue: ctx.taskQueue, config, sets: [], destination: { url: `sqlite:${join(dir, 's5.db')}`, dataset: 's5' } });
    const partitions = result.resources.file_comments!.partitions;
    return [
      { scenario: 'S5', name: `fan-out to ${partitions} parent keys`, value: Number(seconds.toFixed(1)), unit: 's' },
      { scenario: 'S5', name: 'worker peak RSS', value: ctx.worker.peakRssMb(), unit: 'MB', note: 'the sluice worker process' },
    ];
  } finally {
    await emulator.stop();
  }
}
