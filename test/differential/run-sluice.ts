import { startSync } from '../../client/start-sync';
import { resolveSource } from '../../engine/config/resolve-source';
import type { SyncFixture } from '../support/sync-fixture';

/**
 * Runs a config through sluice on the fixture's Temporal server and worker, into a PostgreSQL schema. Resolves with
 * the error that stopped it (a rejected config, a failed sync or resource), or undefined when it completed.
 */
export async function runSluice(
  fixture: SyncFixture,
  name: string,
  config: unknown,
  destination: { url: string; dataset: string },
): Promise<string | undefined> {
  try {
    const source = resolveSource(config, name);
    const handle = await startSync({ client: fixture.client, source, destination, taskQueue: fixture.taskQueue });
    const result = await handle.result();
    if (result.status === 'completed') return undefined;
    const failed = Object.entries(result.resources).filter(([, outcome]) => outcome.status !== 'completed');
    return `${result.status}: ${failed.map(([resource, outcome]) => `${resource} ${outcome.status} ${outcome.error ?? ''}`.trim()).join('; ')}`;
  } catch (error) {
    // A failed workflow's own message only says that it failed; its cause says why.
    return ((error as { cause?: Error }).cause ?? (error as Error)).message;
  }
}
