import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/sluice.js', import.meta.url));

/** A `sluice worker` child process, which tests can kill and restart like a real deployment. */
export class WorkerProcess {
  private child: ChildProcess | undefined;
  /** Everything the worker wrote to stderr, for failure messages. */
  log = '';
  /** Everything the worker wrote to stdout. */
  stdout = '';

  constructor(
    private readonly args: string[],
    private readonly env: Record<string, string>,
  ) {}

  /** The running worker's process id. */
  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  /** Starts the worker, or starts it again after a stop, and waits until it polls. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [BIN, 'worker', ...this.args], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const logFrom = this.log.length;
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start:\n${this.log}`)), 60_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        this.log += chunk.toString();
        if (this.log.includes('polling', logFrom)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code}:\n${this.log}`));
      });
    });
  }

  /** Kills the worker without warning, as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    // A process killed by a signal keeps exitCode null and sets signalCode instead.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Asks the worker to stop and returns its exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }
}
