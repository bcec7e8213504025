import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { projectPath } from '../client/project-path';

/** A child process timed from spawn to exit, with what it wrote. */
export interface TimedProcess {
  seconds: number;
  stdout: string;
  stderr: string;
}

/** Spawns a command and times it from spawn to exit; a non-zero exit throws with the end of its stderr. */
export function timedProcess(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<TimedProcess> {
  const started = performance.now();
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, stdout, stderr });
      else
        reject(
          new Error(
            `${command} ${args[0] ?? ''} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
    });
  });
}

/**
 * Compiles a bench entry point to one plain JavaScript module in `dir`, packages left as imports of their installed
 * files, so a timed run of it pays for Node and its packages but not for a TypeScript loader.
 */
export async function compileEntry(entry: string, dir: string): Promise<string> {
  const outfile = join(dir, `${entry.replace(/\W/g, '-')}.mjs`);
  await build({
    entryPoints: [projectPath('bench', entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    plugins: [
      {
        name: 'installed-packages',
        setup(compiler) {
          compiler.onResolve({ filter: /^[^./]/ }, ({ path }) => ({ path: import.meta.resolve(path), external: true }));
        },
      },
    ],
  });
  return outfile;
}
