/**
 * `npm run bench`: sluice against a raw hand-written loop and dlt on the same emulator, side by side in one run.
 * Flags: --quick (small sizes), --scenario S1,S3 (a subset; S7 and S8, the scale runs, only when named). Prints a table and writes bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { installCliLogger } from '../client/cli/quiet-runtime';
import { startDevServer } from '../client/dev-server/start-dev-server';
import { startPostgres } from '../test/support/postgres';
import { s1, s2, s3, s4, s5, type BenchContext, type Figure } from './scenarios';
import { BenchWorker } from './bench-worker';
import { targets } from './targets';
import { s6 } from './whole-process';
import { s7, s8 } from './scale';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, scenario: { type: 'string', default: 'S1,S2,S3,S4,S5,S6' } },
});
const chosen = new Set(values.scenario.split(',').map((s) => s.trim().toUpperCase()));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
installCliLogger();
Object.assign(process.env, { CLIENT_ID: 'sluice-client', CLIENT_SECRET: 'sluice-secret' });

try {
  execFileSync('bash', [new URL('./setup-dlt.sh', import.meta.url).pathname], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
} catch {
  log('dlt could not be installed; its baselines will say so');
}
const server = await startDevServer({ log });
const postgres = await startPostgres().catch(
  (error: Error) => (log(`PostgreSQL unavailable: ${error.message}`), undefined),
);
const taskQueue = `bench-${process.pid}`;
// SLUICE_BENCH_CPU_PROF=DIR writes a V8 CPU profile of each worker process into DIR, to see where its time goes.
const profileDir = process.env.SLUICE_BENCH_CPU_PROF;
const worker = new BenchWorker(
  ['--temporal', server.address, '--task-queue', taskQueue, ...(postgres ? ['--dest', postgres.url] : [])],
  profileDir ? { SLUICE_CPU_PROF: profileDir } : {},
);
await worker.restart();
const client = new Client({ connection: await Connection.connect({ address: server.address }) });
const ctx: BenchContext = {
  client,
  taskQueue,
  postgresUrl: postgres?.url,
  worker,
  serverPid: server.process?.pid,
  quick: values.quick,
  log,
};
const scenarios = { S1: s1, S2: s2, S3: s3, S4: s4, S5: s5, S6: s6, S7: s7, S8: s8 };
const figures: Figure[] = [];
try {
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (!chosen.has(name)) continue;
    log(`${name}…`);
    const results = await scenario(ctx);
    results.forEach((f) => log(`  ${f.name}: ${f.value} ${f.unit}`));
    figures.push(...results);
  }
} finally {
  await worker.stop();
  await client.connection.close();
  await postgres?.stop();
  await server.stop();
}

const checks = targets(figures);
console.log('\n| scenario | measurement | value | note |\n|---|---|---:|---|');
for (const f of figures) console.log(`| ${f.scenario} | ${f.name} | ${f.value} ${f.unit} | ${f.note ?? ''} |`);
console.log('\n| target | measured | result |\n|---|---|---|');
for (const c of checks)
  console.log(`| ${c.target} | ${c.measured} | ${c.pass === undefined ? 'not measured' : c.pass ? 'PASS' : 'MISS'} |`);
writeFileSync(
  new URL('./results.json', import.meta.url),
  JSON.stringify({ quick: values.quick, figures, targets: checks }, null, 2),
);
