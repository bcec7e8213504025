import { installCliLogger } from '../../client/cli/quiet-runtime';
import { startDevServer } from '../../client/dev-server/start-dev-server';

installCliLogger();

/** A Temporal server for a test file, and how to release it. */
export interface TestTemporal {
  address: string;
  stop(): Promise<void>;
}

/**
 * The Temporal server integration tests use: the one `npm test` started (SLUICE_TEST_TEMPORAL), or, when a test file
 * runs on its own, a tuned dev server started for it. A missing Temporal CLI fails the test loudly.
 */
export async function testTemporal(): Promise<TestTemporal> {
  const fromRunner = process.env.SLUICE_TEST_TEMPORAL;
  if (fromRunner) return { address: fromRunner, stop: async () => undefined };
  const server = await startDevServer({});
  return { address: server.address, stop: () => server.stop() };
}
