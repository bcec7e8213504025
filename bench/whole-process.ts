import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../client/dev-server/free-port';
import { projectPath } from '../client/project-path';
import { startEmulatorProcess } from './emulator-process';
import { compileEntry, timedProcess } from './timed-process';
import type { BenchContext, Figure } from './scenarios';

const BIN = projectPath('bin', 'sluice.js');
const SEED_000 = projectPath('examples', 'seeds', '000_026a418351b15901.txt');
const DLT_PYTHON = projectPath('.tools', 'dlt-venv', 'bin', 'python');

type SluiceCase = 'sluice, server running' | 'sluice, no server';
type Contender = SluiceCase | 'dlt' | 'pipelined raw loop' | 'sequential raw loop';

/**
 * Waits until every standby in `home` listens, and one at least: standbys load after each run, and timing the next
 * contender while they load would charge that contender for them.
 */
async function standbysListening(home: string): Promise<void> {
  const dir = join(home, 'standby');
  const listening = () => {
    const names = existsSync(dir) ? readdirSync(dir) : [];
    const pidFiles = names.filter((name) => name.endsWith('.sock.pid'));
    return pidFiles.length > 0 && pidFiles.every((name) => names.includes(name.slice(0, -'.pid'.length)));
  };
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (listening()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the standbys in ${dir} do not listen`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

/** The `[timings]` lines of SLUICE_TIMINGS=1: each phase mark's time since the process started, in ms. */
export function parsePhases(stderr: string): Map<string, number> {
  const phases = new Map<string, number>();
  for (const match of stderr.matchAll(/^\[timings\]\s+(\d+) ms\s+\+\s*\d+\s+(.+)$/gm))
    phases.set(match[2]!, Number(match[1]));
  return phases;
}

/**
 * S6: the whole process as a user times it, from spawn to exit. `sluice run` of seed 000's shape into PostgreSQL with
 * merge, with the shared local server already running and with none, beside dlt's whole process and the two raw
 * loops' (compiled to plain JavaScript). Run for N records at 1,000 a page and for one 1,000-record page, in rounds
 * whose order rotates; ratios are taken within each round and their medians reported, with sluice's phase breakdown.
 */
export async function s6(ctx: BenchContext): Promise<Figure[]> {
  if (!ctx.postgresUrl) return [];
  const dir = mkdtempSync(join(tmpdir(), 'sluice-s6-'));
  const rawLoop = await compileEntry('raw-loop-main.ts', dir);
  const env = {
    SLUICE_HOME: join(dir, 'home'),
    SLUICE_TEMPORAL_PORT: String(await freePort()),
    SLUICE_TIMINGS: '1',
    CLIENT_ID: 'sluice-client',
    CLIENT_SECRET: 'sluice-secret',
  };
  const sluice = (...args: string[]) => timedProcess(process.execPath, [BIN, ...args], env);
  const dltUrl = new URL(ctx.postgresUrl);
  if (!dltUrl.password) dltUrl.password = 'unused';
  const figures: Figure[] = [];
  const sizes = ctx.quick ? [30_000, 1_000] : [300_000, 1_000];
  try {
    for (const records of sizes) figures.push(...(await wholeProcessRounds(records)));
  } finally {
    await sluice('server', 'stop').catch(() => undefined);
  }
  return figures;

  async function wholeProcessRounds(records: number): Promise<Figure[]> {
    const emulator = await startEmulatorProcess({ sizes: { files: records } });
    const label = records === 1000 ? 'one 1,000-record page' : `${records.toLocaleString('en-US')} records`;
    const postgresUrl = ctx.postgresUrl!;
    let n = 0;
    const dataset = () => `s6_${records}_${Date.now()}_${n++}`;
    const sluiceRun = async () =>
      sluice(
        'run',
        SEED_000,
        '--set',
        `client.base_url=${emulator.url}`,
        '--set',
        `client.auth.token_url=${emulator.url}/oauth2/token`,
        '--set',
        'resources.files.endpoint.paginator.limit=1000',
        '--dest',
        postgresUrl,
        '--dataset',
        dataset(),
      );
    const phases: Record<SluiceCase, Array<Map<string, number>>> = {
      'sluice, server running': [],
      'sluice, no server': [],
    };
    const runs: Record<Contender, () => Promise<number>> = {
      'sluice, server running': async () => {
        await sluice('server', 'start');
        await standbysListening(env.SLUICE_HOME);
        const run = await sluiceRun();
        phases['sluice, server running'].push(parsePhases(run.stderr));
        await standbysListening(env.SLUICE_HOME);
        return run.seconds;
      },
      'sluice, no server': async () => {
        await sluice('server', 'stop');
        const run = await sluiceRun();
        phases['sluice, no server'].push(parsePhases(run.stderr));
        await standbysListening(env.SLUICE_HOME);
        return run.seconds;
      },
      dlt: async () =>
        (
          await timedProcess(DLT_PYTHON, [
            projectPath('bench', 'dlt_baseline.py'),
            emulator.url,
            '1000',
            'postgres',
            dltUrl.toString(),
          ])
        ).seconds,
      'pipelined raw loop': async () =>
        (await timedProcess(process.execPath, [rawLoop, emulator.url, '1000', postgresUrl, dataset(), 'pipelined']))
          .seconds,
      'sequential raw loop': async () =>
        (await timedProcess(process.execPath, [rawLoop, emulator.url, '1000', postgresUrl, dataset(), 'sequential']))
          .seconds,
    };
    const names = Object.keys(runs) as Contender[];
    const seconds = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Contender, number[]>;
    const rounds = ctx.quick ? 1 : 3;
    try {
      for (let round = 0; round < rounds; round++) {
        for (const name of [...names.slice(round), ...names.slice(0, round)]) {
          try {
            seconds[name].push(await runs[name]());
          } catch (error) {
            ctx.log(`  ${name}: ${(error as Error).message}`);
            seconds[name].push(NaN);
          }
        }
        ctx.log(
          `  ${label}, round ${round + 1}/${rounds}: ${names.map((n) => `${n} ${seconds[n][round]!.toFixed(2)} s`).join(', ')}`,
        );
      }
    } finally {
      await emulator.stop();
    }
    return s6Figures(label, rounds, seconds, phases);
  }
}

function s6Figures(
  label: string,
  rounds: number,
  seconds: Record<Contender, number[]>,
  phases: Record<SluiceCase, Array<Map<string, number>>>,
): Figure[] {
  const over = `median of ${rounds}`;
  const rounded = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
  const figures: Figure[] = Object.entries(seconds).map(([name, values]) => ({
    scenario: 'S6',
    name: `${label}: ${name}, whole process (${over})`,
    value: Number(median(values).toFixed(2)),
    unit: 's',
    note: `rounds: ${rounded(values)}`,
  }));
  const ratio = (name: string, a: number[], b: number[], unit: '×' | '%') => {
    const values = a.map((value, i) => (unit === '%' ? (b[i]! / value) * 100 : b[i]! / value));
    figures.push({
      scenario: 'S6',
      name: `${label}: ${name} (${over})`,
      value: Number(median(values).toFixed(unit === '%' ? 0 : 2)),
      unit,
      note: `rounds: ${values.map((v) => v.toFixed(2)).join(', ')}`,
    });
  };
  for (const sluice of ['sluice, server running', 'sluice, no server'] as const) {
    ratio(`${sluice} ÷ pipelined raw loop`, seconds[sluice], seconds['pipelined raw loop'], '%');
    ratio(`${sluice} ÷ sequential raw loop`, seconds[sluice], seconds['sequential raw loop'], '%');
    ratio(`${sluice}: speed against dlt`, seconds[sluice], seconds.dlt, '×');
  }
  // Each phase mark's time since sluice's process started (median over rounds), and the time since the mark before.
  for (const [sluice, runs] of Object.entries(phases)) {
    const marks = [...new Set(runs.flatMap((p) => [...p.keys()]))];
    const at = marks
      .map((mark) => ({ mark, ms: median(runs.map((p) => p.get(mark) ?? NaN).filter((v) => !Number.isNaN(v))) }))
      .sort((a, b) => a.ms - b.ms);
    let previous = 0;
    for (const { mark, ms } of at) {
      figures.push({
        scenario: 'S6',
        name: `${label}: ${sluice}, phase until '${mark}'`,
        value: Math.round(ms - previous),
        unit: 'ms',
        note: `at ${Math.round(ms)} ms`,
      });
      previous = ms;
    }
  }
  return figures;
}
