// What `sluice demo` does, loaded only when it runs.
import { join } from 'node:path';
import { startEmulator } from '../../emulator';
import { destinationRef, STATE_DIR } from '../destination-arg';
import { embeddedTemporal } from '../embedded-temporal';
import { loadSource } from '../load-source';
import { projectPath } from '../project-path';
import { runSync } from '../run-sync';
import { createProgressDisplay } from './progress/progress-display';
import { summaryLines } from './summary';
import { untilSignal } from './until-signal';
import { DEMO_SEEDS } from './demo-command';

/** Runs `sluice demo`. */
export async function demo(values: { keepEmulator?: boolean }): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const emulator = await startEmulator();
  process.env.CLIENT_ID = 'sluice-client';
  process.env.CLIENT_SECRET = 'sluice-secret';
  log(`API emulator on ${emulator.url}`);
  const server = await embeddedTemporal(log);
  try {
    for (const seed of DEMO_SEEDS) {
      const file = projectPath('examples', 'seeds', seed);
      const source = await loadSource(file, [
        `client.base_url=${emulator.url}`,
        `client.auth.token_url=${emulator.url}/oauth2/token`,
      ]);
      const destination = destinationRef(`sqlite:${join(STATE_DIR, 'demo', `${source.name}.db`)}`, source.name);
      log(`\n== ${seed}`);
      const display = createProgressDisplay();
      const { result } = await runSync({
        source,
        destination,
        address: server.address,
        uiUrl: server.uiUrl,
        namespace: 'default',
        runWorker: true,
        fullRefresh: false,
        wait: true,
        log: (line) => display.log(line),
        onProgress: (rows) => display.update(rows),
      }).finally(() => display.stop());
      summaryLines(result!).forEach((line) => log(line));
      if (result!.status !== 'completed') throw new Error(`demo sync of ${seed} did not complete`);
    }
    log(`\nLoaded into ${join(STATE_DIR, 'demo')}/*.db. Browse the runs in the Temporal UI: ${server.uiUrl}`);
    if (values.keepEmulator) {
      log(`The API emulator stays up on ${emulator.url}; Ctrl-C stops it.`);
      await untilSignal();
    }
  } finally {
    await emulator.close();
  }
}
