import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../client/dev-server/free-port';
import { createProgram, HIDDEN_COMMANDS } from '../../client/cli/program';
import { startEmulator } from '../../emulator';
import { assertTableMatches, readSqliteTable } from '../support/compare-table';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's command table: each row's first cell, and the whole row. */
function commandRows(): Array<{ commands: string[]; row: string }> {
  return README.split('\n')
    .filter((line) => line.startsWith('| `sluice '))
    .map((row) => {
      const usage = /^\| `sluice ([^`]+)`/.exec(row)![1]!;
      return { commands: usage.split(' ')[0]!.split('\\|'), row };
    });
}

/** Runs a shell command line from the repository root; resolves with its output once it exits. */
function shell(line: string, timeoutMs = 240_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', line], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the README shows the CLI as it is', () => {
  const program = createProgram();

  test('the command table names every command, and only options each command takes', () => {
    const rows = commandRows();
    const documented = rows.flatMap((row) => row.commands);
    assert.deepEqual(
      program.commands
        .map((command) => command.name())
        .filter((name) => !documented.includes(name) && !HIDDEN_COMMANDS.has(name)),
      [],
    );
    for (const { commands, row } of rows) {
      const flags = new Set(
        commands.flatMap((name) => {
          const command = program.commands.find((c) => c.name() === name);
          assert.ok(command, `the README documents an unknown command 'sluice ${name}'`);
          return command.options.map((option) => option.long!);
        }),
      );
      const unknown = [...row.matchAll(/`(--[\w-]+)/g)].map((m) => m[1]!).filter((flag) => !flags.has(flag));
      assert.deepEqual(unknown, [], `sluice ${commands.join('|')}`);
    }
  });

  test('the run example syncs the emulator into warehouse.db as written', { timeout: 300_000 }, async () => {
    const block = /## Running a source[\s\S]*?```bash\n([\s\S]*?)```/.exec(README)![1]!;
    const port = String(await freePort());
    const [emulatorLine, ...rest] = block.replaceAll('8080', port).replace(/\\\n/g, ' ').trim().split('\n');
    assert.match(emulatorLine!, /&$/);
    const run = rest.join(' ');
    assert.match(
      run,
      /--set client\.auth\.token_url=http:\/\/localhost:\d+\/oauth2\/token/,
      'the token comes from the API',
    );
    const db = /--dest sqlite:(\S+)/.exec(run)![1]!;
    const emulator = spawn('bash', ['-c', `exec ${emulatorLine!.replace(/&$/, '')}`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      // Its own process group, so that stopping it reaches the emulator behind npx.
      detached: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        emulator.stdout.once('data', () => resolve());
        emulator.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
      });
      const result = await shell(run);
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /Completed: load /);
      // An emulator started the same way serves the same data, so its ground truth is the example's.
      const reference = await startEmulator();
      const truth = reference.truth('000').files!;
      await reference.close();
      assertTableMatches(readSqliteTable(join(ROOT, db), 'files'), truth, 'file_id');
    } finally {
      process.kill(-emulator.pid!, 'SIGTERM');
      emulator.stdout.destroy();
      rmSync(join(ROOT, db), { force: true });
    }
  });
});
