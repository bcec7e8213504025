import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PYTHON = join(ROOT, '.tools/dlt-venv/bin/python');
const RUNNER = fileURLToPath(new URL('./run_dlt.py', import.meta.url));

/** One config for dlt to run into a PostgreSQL schema. */
export interface DltJob {
  id: string;
  pipeline: string;
  dataset: string;
  config: unknown;
}

/** Installs dlt 1.31 into `.tools/dlt-venv` unless it is there (as the benchmark and CI do). */
export async function ensureDlt(): Promise<string> {
  if (!existsSync(PYTHON)) await run('bash', [join(ROOT, 'bench/setup-dlt.sh')], { cwd: ROOT });
  return PYTHON;
}

/**
 * Runs a batch of configs through dlt in one Python process. `pipelinesDir` keeps each pipeline's local state, so a
 * second batch with the same pipelines continues where the first stopped. Resolves with each job's error, or
 * undefined when it loaded.
 */
export async function runDltBatch(
  jobs: DltJob[],
  destination: string,
  pipelinesDir: string,
): Promise<Map<string, string | undefined>> {
  const file = join(pipelinesDir, `jobs-${jobs[0]?.id ?? 'none'}-${Date.now()}.json`);
  await writeFile(file, JSON.stringify({ destination, pipelines_dir: pipelinesDir, jobs }));
  const { stdout } = await run(await ensureDlt(), [RUNNER, file], {
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, RUNTIME__LOG_LEVEL: 'ERROR', DLT_DATA_DIR: pipelinesDir },
  });
  const results = JSON.parse(stdout.trim().split('\n').at(-1)!) as Array<{ id: string; ok: boolean; error?: string }>;
  return new Map(results.map((result) => [result.id, result.ok ? undefined : result.error]));
}
