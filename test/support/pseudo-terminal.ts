import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliResult } from './cli';

const BIN = fileURLToPath(new URL('../../bin/sluice.js', import.meta.url));

/** Quotes a word for `sh`. */
const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `sluice …` on a pseudo-terminal, through util-linux `script`, as a person at a terminal would: stdout and stderr
 * are a TTY, and `stdout` of the result holds everything the terminal received, escape sequences included.
 */
export function runCliOnTerminal(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      cwd: options.cwd,
      env: { ...process.env, COLUMNS: '160', LINES: '40', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
