import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { syncWorkflowId } from '../../client/sync-ids';
import { runCli, type CliResult } from './cli';
import { dumpHistories } from './history-dump';
import { testTemporal, type TestTemporal } from './temporal';
import { WorkerProcess } from './worker-process';

/** Options for {@link startIsolatedWorker}. */
export interface IsolatedWorkerOptions {
  /** Task queue prefix. */
  name: string;
  /** Environment of the worker and of every CLI run: secrets, NODE_EXTRA_CA_CERTS. */
  env: Record<string, string>;
  dir: string;
  /** `--dest` of the worker, which supplies the destination's password. */
  workerDest?: string;
}

/** Options of one run. */
export interface IsolatedRunOptions {
  /** Source and dataset name: snake_case. */
  name: string;
  config: unknown;
  /** `--dest` of the CLI (default: an SQLite file in the directory). */
  dest?: string;
  /** More CLI arguments. */
  args?: string[];
}

/** What one sync left behind that a user could read: CLI output and every workflow history, decoded. */
export interface IsolatedRun {
  cli: CliResult;
  histories: string;
}

/** A `sluice worker` process and the Temporal server it polls, for syncs run as a deployment runs them. */
export interface IsolatedWorker {
  client: Client;
  /** Everything the worker has logged so far. */
  log(): string;
  /** Runs `sluice run … --json` against the worker and collects what it left behind. */
  run(options: IsolatedRunOptions): Promise<IsolatedRun>;
  stop(): Promise<void>;
}

/** Starts a Temporal server (or uses the test runner's), and a worker process on its own task queue. */
export async function startIsolatedWorker(options: IsolatedWorkerOptions): Promise<IsolatedWorker> {
  const temporal: TestTemporal = await testTemporal();
  const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  const taskQueue = `${options.name}-${process.pid}`;
  const worker = new WorkerProcess(
    [
      '--temporal',
      temporal.address,
      '--task-queue',
      taskQueue,
      ...(options.workerDest ? ['--dest', options.workerDest] : []),
    ],
    options.env,
  );
  await worker.start();
  return {
    client,
    log: () => worker.log,
    async run(run) {
      const file = join(options.dir, `${run.name}.json`);
      writeFileSync(file, JSON.stringify(run.config));
      const cli = await runCli(
        [
          'run',
          file,
          '--temporal',
          temporal.address,
          '--task-queue',
          taskQueue,
          '--dest',
          run.dest ?? `sqlite:${join(options.dir, `${run.name}.db`)}`,
          '--dataset',
          run.name,
          '--json',
          ...(run.args ?? []),
        ],
        { env: options.env, cwd: options.dir },
      );
      let histories = '';
      try {
        histories = await dumpHistories(client, syncWorkflowId(run.name, run.name));
      } catch (error) {
        if (!/not found/i.test(String(error))) throw error;
      }
      return { cli, histories };
    },
    async stop() {
      await worker.stop();
      await client.connection.close();
      await temporal.stop();
    },
  };
}
