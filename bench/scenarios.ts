import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { projectPath } from '../client/project-path';
import { DEFAULT_MAX_CONCURRENCY } from '../activities/api-limits';
import { CpuMeter, type CpuUsage } from './cpu-meter';
import { historyEvents } from './history-events';
import { startEmulatorProcess } from './emulator-process';
import { pipelinedRawLoop } from './pipelined-raw-loop';
import { rawLoop, type RawLoopOptions } from './raw-loop';
import type { BenchWorker } from './bench-worker';
import { timedSync } from './sluice-sync';
import { compileEntry, timedProcess } from './timed-process';

const execFileAsync = promisify(execFile);
/** Seed 000's config, S1's and S7's shape. */
export const SEED_000 = projectPath('examples', 'seeds', '000_026a418351b15901.txt');
const SEED_002 = projectPath('examples', 'seeds', '002_371112f1b08ad37e.txt');
const DLT_PYTHON = projectPath('.tools', 'dlt-venv', 'bin', 'python');

/** What every scenario gets. */
export interface BenchContext {
  client: Client;
  taskQueue: string;
  postgresUrl?: string;
  worker: BenchWorker;
  /** The Temporal server's process id, when the benchmark started it. */
  serverPid?: number;
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
/** The `--set` overrides that point a seed at the emulator, then `extra`. */
export const sets = (url: string, extra: string[] = []) => [
  `client.base_url=${url}`,
  `client.auth.token_url=${url}/oauth2/token`,
  ...extra,
];

async function dlt(
  url: string,
  limit: number,
  destination: 'postgres' | 'duckdb',
  postgresUrl?: string,
): Promise<number | string> {
  try {
    const { stdout } = await execFileAsync(
      DLT_PYTHON,
      [projectPath('bench', 'dlt_baseline.py'), url, String(limit), destination, ...(postgresUrl ? [postgresUrl] : [])],
      { maxBuffer: 1 << 24, timeout: 3_600_000 },
    );
    return (JSON.parse(stdout.trim().split('\n').at(-1)!) as { seconds: number }).seconds;
  } catch (error) {
    return `dlt baseline unavailable: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Rounds of S1's PostgreSQL comparison in a full run. */
const POSTGRES_ROUNDS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const listed = (values: number[], format: (value: number) => string) => `rounds: ${values.map(format).join(', ')}`;
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * S1: N narrow records, offset API with 1,000 per page, merge, into PostgreSQL and SQLite, against raw and dlt. The
 * machine's speed drifts between runs minutes apart, so the PostgreSQL comparison runs in rounds: each round runs
 * sluice, the raw loop and dlt back to back, in an order rotated from round to round, and the ratios are taken within
 * each round. The figures are the medians over rounds.
 */
export async function s1(ctx: BenchContext): Promise<Figure[]> {
  const records = ctx.quick ? 100_000 : 1_000_000;
  const emulator = await startEmulatorProcess({ sizes: { files: records } });
  const figures: Figure[] = [];
  const rate = (name: string, seconds: number) =>
    figures.push({ scenario: 'S1', name, value: Math.round(records / seconds), unit: 'records/s' });
  try {
    const extra = ['resources.files.endpoint.paginator.limit=1000'];
    const sluiceInto = async (url: string, dataset: string) =>
      (
        await timedSync({
          client: ctx.client,
          taskQueue: ctx.taskQueue,
          config: SEED_000,
          sets: sets(emulator.url, extra),
          destination: { url, dataset },
        })
      ).seconds;
    const rawInto = async (destination: RawLoopOptions['destination']) => {
      const t0 = performance.now();
      await rawLoop({ url: emulator.url, limit: 1000, destination });
      return (performance.now() - t0) / 1000;
    };
    // A fresh worker process, so its peak memory is this scenario's.
    await ctx.worker.restart();
    rate('sluice → SQLite', await sluiceInto(`sqlite:${join(dir, 's1.db')}`, 's1'));
    rate('raw loop → SQLite', await rawInto({ kind: 'sqlite', file: join(dir, 's1-raw.db') }));
    if (ctx.postgresUrl)
      figures.push(...(await s1PostgresRounds(ctx, ctx.postgresUrl, emulator.url, records, sluiceInto, rawInto)));
    const dltDuck = await dlt(emulator.url, 1000, 'duckdb');
    if (typeof dltDuck === 'number') rate('dlt → duckdb (merge)', dltDuck);
    figures.push({
      scenario: 'S1',
      name: 'worker peak RSS',
      value: ctx.worker.peakRssMb(),
      unit: 'MB',
      note: 'the sluice worker process, over all its syncs',
    });
  } finally {
    await emulator.stop();
  }
  return figures;
}

/** S1's rounds into PostgreSQL: sluice, the raw loop and dlt, with each one's median rate and the within-round ratios. */
async function s1PostgresRounds(
  ctx: BenchContext,
  postgresUrl: string,
  emulatorUrl: string,
  records: number,
  sluiceInto: (url: string, dataset: string) => Promise<number>,
  rawInto: (destination: RawLoopOptions['destination']) => Promise<number>,
): Promise<Figure[]> {
  // dlt insists on a password; the benchmark cluster trusts local connections, so any will do.
  const dltUrl = new URL(postgresUrl);
  if (!dltUrl.password) dltUrl.password = 'unused';
  const rounds = ctx.quick ? 1 : POSTGRES_ROUNDS;
  const overRounds = `median of ${rounds} round${rounds === 1 ? '' : 's'}`;
  const rates = { sluice: [] as number[], pipelined: [] as number[], raw: [] as number[], dlt: [] as number[] };
  const pipelined = async () => {
    const t0 = performance.now();
    await pipelinedRawLoop({ url: emulatorUrl, limit: 1000, postgresUrl, schema: `piped_${Date.now()}` });
    return (performance.now() - t0) / 1000;
  };
  const runs: Array<[keyof typeof rates, () => Promise<number | string>]> = [
    ['sluice', () => sluiceInto(postgresUrl, `s1_${Date.now()}`)],
    ['pipelined', pipelined],
    ['raw', () => rawInto({ kind: 'postgres', url: postgresUrl, schema: `raw_${Date.now()}` })],
    ['dlt', () => dlt(emulatorUrl, 1000, 'postgres', dltUrl.toString())],
  ];
  for (let round = 0; round < rounds; round++) {
    const shown: Record<keyof typeof rates, string> = { sluice: '—', pipelined: '—', raw: '—', dlt: '—' };
    for (const [name, run] of [...runs.slice(round % runs.length), ...runs.slice(0, round % runs.length)]) {
      const seconds = await run();
      if (typeof seconds === 'string') {
        ctx.log(seconds);
        continue;
      }
      rates[name].push(records / seconds);
      shown[name] = thousands(records / seconds);
    }
    ctx.log(
      `  PostgreSQL round ${round + 1}/${rounds}: sluice ${shown.sluice}, pipelined raw ${shown.pipelined}, raw ${shown.raw}, dlt ${shown.dlt} records/s`,
    );
  }
  const figure = (name: string, values: number[]): Figure => ({
    scenario: 'S1',
    name,
    value: Math.round(median(values)),
    unit: 'records/s',
    note: listed(values, thousands),
  });
  const figures = [
    figure('sluice → PostgreSQL (merge)', rates.sluice),
    figure('pipelined raw loop → PostgreSQL (COPY, 8 pages ahead)', rates.pipelined),
    figure('raw loop → PostgreSQL (COPY)', rates.raw),
  ];
  const vsPipelined = rates.sluice.map((value, i) => (value / rates.pipelined[i]!) * 100);
  figures.push({
    scenario: 'S1',
    name: `sluice ÷ pipelined raw loop, PostgreSQL (${overRounds})`,
    value: Math.round(median(vsPipelined)),
    unit: '%',
    note: listed(vsPipelined, (v) => `${v.toFixed(0)}%`),
  });
  const vsRaw = rates.sluice.map((value, i) => (value / rates.raw[i]!) * 100);
  figures.push({
    scenario: 'S1',
    name: `sluice ÷ sequential raw loop, PostgreSQL (${overRounds})`,
    value: Math.round(median(vsRaw)),
    unit: '%',
    note: listed(vsRaw, (v) => `${v.toFixed(0)}%`),
  });
  if (rates.dlt.length === rounds) {
    figures.push(figure('dlt → PostgreSQL (merge)', rates.dlt));
    const vsDlt = rates.sluice.map((value, i) => value / rates.dlt[i]!);
    figures.push({
      scenario: 'S1',
      name: `sluice ÷ dlt, PostgreSQL (${overRounds})`,
      value: Number(median(vsDlt).toFixed(2)),
      unit: '×',
      note: listed(vsDlt, (v) => `${v.toFixed(2)}×`),
    });
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
      await rawLoop({
        url: emulator.url,
        limit: 100,
        destination: { kind: 'sqlite', file: join(dir, `s3-raw-${run}.db`) },
      });
      const raw = (performance.now() - t0) / 1000;
      const sluice = await timedSync({
        client: ctx.client,
        taskQueue: ctx.taskQueue,
        config: SEED_000,
        sets: sets(emulator.url),
        destination: { url: `sqlite:${join(dir, `s3-${run}.db`)}`, dataset: 's3' },
      });
      overheads.push(((sluice.seconds - raw) * 1000) / pages);
    }
    return [
      {
        scenario: 'S3',
        name: `overhead per page over the raw loop (median of 3, ${pages} pages)`,
        value: Number(median(overheads).toFixed(2)),
        unit: 'ms/page',
      },
    ];
  } finally {
    await emulator.stop();
  }
}

/** S4: an offset API with a known total at 50 ms latency: pages fetched eight at a time against one by one. */
export async function s4(ctx: BenchContext): Promise<Figure[]> {
  const pages = ctx.quick ? 40 : 200;
  const emulator = await startEmulatorProcess({ latencyMs: 50, sizes: { files: pages * 100 } });
  try {
    const run = (prefetchWindow: number) =>
      timedSync({
        client: ctx.client,
        taskQueue: ctx.taskQueue,
        config: SEED_000,
        sets: sets(emulator.url),
        destination: { url: `sqlite:${join(dir, `s4-${prefetchWindow}.db`)}`, dataset: 's4' },
        prefetchWindow,
      });
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
    const cpu = new CpuMeter({ [WORKER]: ctx.worker.pid, 'Temporal server': ctx.serverPid, emulator: emulator.pid });
    for (let run = 0; run < 3; run++) {
      runs.push(
        await timedSync({
          client: ctx.client,
          taskQueue: ctx.taskQueue,
          config: SEED_002,
          sets: sets(emulator.url),
          destination: { url: `sqlite:${join(dir, `s2-${run}.db`)}`, dataset: 's2' },
        }),
      );
    }
    const usage = cpu.read();
    const { seconds, result, workflowId } = runs.sort((a, b) => a.seconds - b.seconds)[1]!;
    // A root's chain is its pages, requested one after another; a child's is its parent's chain plus the pages of one
    // partition (its pages divided by its partitions), since partitions can run side by side.
    const parents: Record<string, string> = {
      collection_items: 'collections',
      file_collaborations: 'files',
      folder_collaborations: 'folders',
      file_comments: 'files',
      file_tasks: 'files',
    };
    const chain = (name: string): number => {
      const r = result.resources[name]!;
      const parent = parents[name];
      return parent ? chain(parent) + Math.ceil(r.pages / Math.max(1, r.partitions)) : r.pages;
    };
    const chainBound = (Math.max(...Object.keys(result.resources).map(chain)) * latency) / 1000;
    // Seed 002 sets no client.max_concurrency, so a worker sends at most DEFAULT_MAX_CONCURRENCY requests at once.
    const requests = Object.values(result.resources).reduce((sum, r) => sum + r.pages, 0);
    const capBound = (requests * latency) / DEFAULT_MAX_CONCURRENCY / 1000;
    const bound = Math.max(chainBound, capBound);
    return [
      { scenario: 'S2', name: 'seed 002 at 50 ms (median of 3)', value: Number(seconds.toFixed(2)), unit: 's' },
      { scenario: 'S2', name: 'critical-path bound', value: Number(chainBound.toFixed(2)), unit: 's' },
      {
        scenario: 'S2',
        name: `concurrency bound: ${requests} requests at ${DEFAULT_MAX_CONCURRENCY} at once`,
        value: Number(capBound.toFixed(2)),
        unit: 's',
      },
      { scenario: 'S2', name: 'ratio to the higher bound', value: Number((seconds / bound).toFixed(2)), unit: '×' },
      ...cpuFigures(usage, runs.length),
      ...(await s2PerPage(ctx, usage, runs, workflowId)),
      await fetchFloor(emulator.url, requests),
    ];
  } finally {
    await emulator.stop();
  }
}

const WORKER = 'sluice worker';

/**
 * What S2's requests alone cost a process on this machine: as many GETs of one of seed 002's pages, with node-fetch
 * at the same concurrency, with no Temporal, no records and no database. The worker's CPU per page cannot go below it.
 */
async function fetchFloor(url: string, requests: number): Promise<Figure> {
  const floor = await compileEntry('fetch-floor-main.ts', dir);
  const args = [floor, url, '/v1/users', String(requests), String(DEFAULT_MAX_CONCURRENCY)];
  const { cpuMs } = JSON.parse((await timedProcess(process.execPath, args)).stdout) as { cpuMs: number };
  return {
    scenario: 'S2',
    name: 'CPU per request of node-fetch alone (the floor of the worker CPU per page)',
    value: Number((cpuMs / requests).toFixed(2)),
    unit: 'ms',
    note: `${requests} GETs of /v1/users, ${DEFAULT_MAX_CONCURRENCY} at once, bodies parsed`,
  };
}

/** S2's worker CPU per page (every page is a request) and the server's history events per resource. */
async function s2PerPage(
  ctx: BenchContext,
  usage: CpuUsage,
  runs: Array<Awaited<ReturnType<typeof timedSync>>>,
  workflowId: string,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const workerSeconds = usage.seconds[WORKER];
  const pages = runs.reduce(
    (sum, run) => sum + Object.values(run.result.resources).reduce((n, r) => n + r.pages, 0),
    0,
  );
  if (workerSeconds !== undefined && pages > 0)
    figures.push({
      scenario: 'S2',
      name: 'worker CPU per page',
      value: Number(((workerSeconds * 1000) / pages).toFixed(2)),
      unit: 'ms',
      note: `${workerSeconds.toFixed(2)} s over ${pages} pages in ${runs.length} runs`,
    });
  const resources = Object.keys(runs[0]!.result.resources);
  const events = await historyEvents(ctx.client, workflowId, resources);
  const total = events.sync + events.perResource.reduce((a, b) => a + b, 0);
  figures.push({
    scenario: 'S2',
    name: 'history events per resource',
    value: Number((total / resources.length).toFixed(1)),
    unit: 'events',
    note: `sync workflow ${events.sync}; resources ${events.perResource.join(', ')}`,
  });
  return figures;
}

/**
 * Where S2's time goes: each process's CPU per run, the machine's busy share, and the wall time that this CPU work
 * alone needs on this machine's cores, which no scheduling can beat.
 */
function cpuFigures(usage: CpuUsage, runs: number): Figure[] {
  const perRun = Object.entries(usage.seconds).map(([name, seconds]) => [name, seconds / runs] as const);
  const figures: Figure[] = perRun.map(([name, seconds]) => ({
    scenario: 'S2',
    name: `CPU per run: ${name}`,
    value: Number(seconds.toFixed(2)),
    unit: 's',
  }));
  if (usage.machineBusyPercent !== undefined)
    figures.push({
      scenario: 'S2',
      name: 'machine busy during the runs',
      value: Math.round(usage.machineBusyPercent),
      unit: '%',
    });
  const floor = (processes: typeof perRun) =>
    Number((processes.reduce((sum, [, seconds]) => sum + seconds, 0) / usage.cores).toFixed(2));
  if (perRun.length > 0)
    figures.push({
      scenario: 'S2',
      name: `CPU floor: their CPU time ÷ ${usage.cores} cores`,
      value: floor(perRun),
      unit: 's',
    });
  // What the Temporal server and the emulator need alone: the floor under a worker that cost nothing.
  const others = perRun.filter(([name]) => name !== WORKER);
  if (others.length > 0 && others.length < perRun.length) {
    figures.push({
      scenario: 'S2',
      name: `CPU floor without the worker: ${others.map(([name]) => name).join(' and ')} ÷ ${usage.cores} cores`,
      value: floor(others),
      unit: 's',
    });
  }
  return figures;
}

/** S5: fan-out to many parent keys, each with one small child page; peak worker memory. */
export async function s5(ctx: BenchContext): Promise<Figure[]> {
  const { seconds, partitions, peakRssMb } = await fanOut(ctx, ctx.quick ? 6_000 : 150_000);
  return [
    { scenario: 'S5', name: `fan-out to ${partitions} parent keys`, value: Number(seconds.toFixed(1)), unit: 's' },
    { scenario: 'S5', name: 'worker peak RSS', value: peakRssMb, unit: 'MB', note: 'the sluice worker process' },
  ];
}

/**
 * Syncs files (about two thirds of `folderItems`) and one page of comments per file, on a fresh worker, into SQLite:
 * the time, the parent keys walked and the worker's peak RSS.
 */
export async function fanOut(
  ctx: BenchContext,
  folderItems: number,
): Promise<{ seconds: number; partitions: number; peakRssMb: number }> {
  const emulator = await startEmulatorProcess({ sizes: { folder_items: folderItems } });
  const config = join(dir, 's5.json');
  writeFileSync(
    config,
    JSON.stringify({
      client: {
        base_url: emulator.url,
        auth: {
          type: 'oauth2',
          client_id: { $secret: 'client_id' },
          client_secret: { $secret: 'client_secret' },
          token_url: `${emulator.url}/oauth2/token`,
        },
      },
      resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
      resources: [
        {
          name: 'files',
          endpoint: {
            path: '/v1/folders/0/items',
            data_selector: 'entries',
            record_filter: "{{ record['type'] == 'file' }}",
            paginator: { type: 'offset', limit: 1000, offset_param: 'offset' },
          },
        },
        {
          name: 'file_comments',
          endpoint: {
            path: "/v1/files/{{ stream_slice['file_id'] }}/comments",
            data_selector: 'entries',
            paginator: { type: 'offset', limit: 100, offset_param: 'offset' },
          },
        },
      ],
    }),
  );
  try {
    await ctx.worker.restart();
    const { seconds, result } = await timedSync({
      client: ctx.client,
      taskQueue: ctx.taskQueue,
      config,
      sets: [],
      destination: { url: `sqlite:${join(dir, `s5-${folderItems}.db`)}`, dataset: 's5' },
    });
    return { seconds, partitions: result.resources.file_comments!.partitions, peakRssMb: ctx.worker.peakRssMb() };
  } finally {
    await emulator.stop();
  }
}
