import { after } from 'node:test';
import { startDevServer } from '../../client/dev-server/start-dev-server';

let shared: Promise<string> | undefined;

/**
 * The Temporal server integration tests use: the one `npm test` started (SLUICE_TEST_TEMPORAL), or, when a test file
 * runs on its own, a tuned dev server started for this process. A missing Temporal CLI fails the test loudly.
 */
export function testTemporalAddress(): Promise<string> {
  const fromRunner = process.env.SLUICE_TEST_TEMPORAL;
  if (fromRunner) return Promise.resolve(fromRunner);
  if (!shared) {
    shared = startDevServer({}).then((server) => {
      after(() => server.stop());
      return server.address;
    });
  }
  return shared;
}
