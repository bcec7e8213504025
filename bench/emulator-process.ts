import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../emulator/main.ts', import.meta.url));

/** The emulator in its own process, so it neither shares the worker's CPU nor inflates its memory. */
export interface EmulatorProcess {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Starts `emulator/main.ts` with sizes and latency; resolves once it prints its URL. */
export function startEmulatorProcess(options: {
  latencyMs?: number;
  sizes?: Record<string, number>;
}): Promise<EmulatorProcess> {
  const args = ['--import', 'tsx', MAIN, '--port', '0', '--latency', String(options.latencyMs ?? 0)];
  for (const [name, size] of Object.entries(options.sizes ?? {})) args.push('--size', `${name}=${size}`);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0];
      if (url)
        resolve({
          url,
          pid: child.pid,
          stop: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))),
        });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}
