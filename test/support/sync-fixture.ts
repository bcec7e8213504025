import { Client, Connection } from '@temporalio/client';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { createSluiceWorker, type SluiceWorker } from '../../worker';
import { testTemporal, type TestTemporal } from './temporal';

/** Credentials the emulator accepts, as the worker reads them from the environment. */
export const EMULATOR_CREDENTIALS = {
  CLIENT_ID: 'sluice-client',
  CLIENT_SECRET: 'sluice-secret',
  CLIENT_REFRESH_TOKEN: 'sluice-refresh',
};

/** A Temporal server, an emulator, a client and an in-process worker: what most integration tests run against. */
export interface SyncFixture {
  temporal: TestTemporal;
  emulator: Emulator;
  client: Client;
  worker: SluiceWorker;
  taskQueue: string;
  stop(): Promise<void>;
}

/** Options for {@link startSyncFixture}. */
export interface SyncFixtureOptions {
  /** Task queue name prefix; the process ID is appended so test files never share a queue. */
  name: string;
  emulator?: EmulatorOptions;
  /** The worker's own destination URL (its PostgreSQL password source). */
  destination?: string;
}

/** Starts the fixture; `stop` releases everything in reverse order. */
export async function startSyncFixture(options: SyncFixtureOptions): Promise<SyncFixture> {
  Object.assign(process.env, EMULATOR_CREDENTIALS);
  const taskQueue = `${options.name}-${process.pid}`;
  const temporal = await testTemporal();
  const emulator = await startEmulator(options.emulator);
  const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  const worker = await createSluiceWorker({ address: temporal.address, taskQueue, destination: options.destination });
  const running = worker.worker.run();
  return {
    temporal,
    emulator,
    client,
    worker,
    taskQueue,
    async stop() {
      worker.worker.shutdown();
      await running;
      await worker.close();
      await client.connection.close();
      await emulator.close();
      await temporal.stop();
    },
  };
}
