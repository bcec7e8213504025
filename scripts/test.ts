/**
 * `npm test`: runs `npm run lint`, finds or builds the Temporal CLI, starts one tuned dev server (and a private
 * PostgreSQL cluster) for the integration tests, gives embedded runs a private home for their shared server, and runs
 * every test file with node's test runner. With CI set, a missing component is a failure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../client/dev-server/free-port';
import { stopLocalServer } from '../client/dev-server/local-server';
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

/** Runs a command, inheriting output; resolves with its exit code. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
}

if (requested.length === 0) {
  log('static checks: npm run lint (ESLint, tsc, prettier)');
  if ((await run('npm', ['run', '--silent', 'lint'])) !== 0) {
    log('static checks failed');
    process.exit(1);
  }
}

// A run without --temporal starts or attaches the machine's shared server: the suite's runs get one of their own,
// in a private SLUICE_HOME on a free port, stopped at the end, and never meet the user's.
const home = mkdtempSync(join(tmpdir(), 'sluice-test-home-'));
process.env.SLUICE_HOME = home;
process.env.SLUICE_TEMPORAL_PORT = String(await freePort());

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

const code = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  ...process.env,
  SLUICE_TEST_TEMPORAL: server.address,
  ...(postgres ? { DATABASE_URL: postgres.url } : {}),
});
await postgres?.stop().catch(() => undefined);
await server.stop();
await stopLocalServer().catch(() => undefined);
rmSync(home, { recursive: true, force: true });
process.exit(code);
