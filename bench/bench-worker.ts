import { readFileSync } from 'node:fs';
import { WorkerProcess } from '../test/support/worker-process';

/**
 * The `sluice worker` the benchmark syncs run on, in its own process as in a deployment, so its memory is measured
 * apart from the benchmark's client, baselines and sampler.
 */
export class BenchWorker {
  private process: WorkerProcess | undefined;

  constructor(
    private readonly args: string[],
    private readonly env: Record<string, string>,
  ) {}

  /** Starts a fresh worker, so the next peak is this scenario's alone. */
  async restart(): Promise<void> {
    await this.stop();
    this.process = new WorkerProcess(this.args, this.env);
    await this.process.start();
  }

  /** The running worker's process id. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** The worker's peak resident memory since it started (the kernel's high-water mark), in MB. */
  peakRssMb(): number {
    const pid = this.pid;
    if (pid === undefined) throw new Error('the bench worker is not running');
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (!hwm) throw new Error(`no VmHWM in /proc/${pid}/status`);
    return Math.round(Number(hwm[1]) / 1024);
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
  }
}
