import { join } from 'node:path';
import { Command, Option } from 'commander';
import { startDevServer } from '../dev-server/start-dev-server';
import { STATE_DIR } from '../destination-arg';
import { port } from './options';
import { untilSignal } from './until-signal';

/** `sluice server`'s parsed options. */
interface ServerOptions {
  db: string;
  port: number;
  uiPort: number;
}

/** `sluice server`: a persisted, tuned Temporal dev server with the UI and sluice's search attributes. */
export function serverCommand(): Command {
  return new Command('server')
    .description("run a persisted, tuned Temporal dev server with the UI and sluice's search attributes")
    .addOption(
      new Option('--db <path>', 'SQLite file that keeps the server state').default(join(STATE_DIR, 'temporal.db')),
    )
    .addOption(new Option('--port <port>', 'Temporal frontend port').default(7233).argParser(port))
    .addOption(new Option('--ui-port <port>', 'Temporal UI port').default(8233).argParser(port))
    .action(serve);
}

async function serve(values: ServerOptions): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const server = await startDevServer({
    port: values.port,
    uiPort: values.uiPort,
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
}
