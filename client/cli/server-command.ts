import { join } from 'node:path';
import { startDevServer } from '../dev-server/start-dev-server';
import { STATE_DIR } from '../destination-arg';
import { parseCommand } from './usage-error';
import { untilSignal } from './until-signal';

const OPTIONS = {
  db: { type: 'string', default: join(STATE_DIR, 'temporal.db') },
  port: { type: 'string', default: '7233' },
  'ui-port': { type: 'string', default: '8233' },
} as const;

/** `sluice server`: a persisted, tuned Temporal dev server with the UI and sluice's search attributes. */
export async function serverCommand(argv: string[]): Promise<number> {
  const { values } = parseCommand(argv, OPTIONS);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const server = await startDevServer({
    port: Number(values.port),
    uiPort: Number(values['ui-port']),
    dbFilename: values.db,
    logFile: join(STATE_DIR, 'temporal.log'),
    log,
  });
  log(`Temporal is serving on ${server.address} (state in ${values.db})`);
  log(`Temporal UI: ${server.uiUrl}`);
  log('Press Ctrl-C to stop.');
  const exited = new Promise<void>((resolve) => server.process?.once('exit', () => resolve()));
  await Promise.race([untilSignal(), exited]);
  await server.stop();
  return 0;
}
