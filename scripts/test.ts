/**
 * `npm test`: finds or builds the Temporal CLI, starts one tuned dev server (and a private PostgreSQL cluster) for the
 * integration tests, and runs every test file with node's test runner. With CI set, a missing component is a failure.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDevServer } from '../client/dev-server/start-dev-server';
import { startPostgres } from '../test/support/postgres';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => join(dir, entry.name))
    .sort();
}

const log = (line: string) => process.stderr.write(`[test] ${line}\n`);
const requested = process.argv.slice(2);
const files = requested.length > 0 ? requested : [...testFiles('test/unit'), ...testFiles('test/integration')];

const server = await startDevServer({ log });
log(`Temporal dev server on ${server.address}`);
let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
try {
  postgres = await startPostgres();
  log(`PostgreSQL on ${postgres.url.replace(/:[^:@/]*@/, ':***@')}`);
} catch (error) {
  if (process.env.CI) {
    await server.stop();
    throw error;
  }
  log(`PostgreSQL unavailable (${(error as Error).message}); PostgreSQL tests will say so`);
}

const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, SLUICE_TEST_TEMPORAL: server.address, ...(postgres ? { DATABASE_URL: postgres.url } : {}) },
  });
  child.once('exit', (exitCode) => resolve(exitCode ?? 1));
});
await postgres?.stop().catch(() => undefined);
await server.stop();
process.exit(code);
