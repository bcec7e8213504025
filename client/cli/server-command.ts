import { join } from 'node:path';
import { Command, Option } from 'commander';
import { STATE_DIR } from '../destination-arg';
import { localServerPort } from '../dev-server/local-port';
import { port } from './options';

/** `sluice server`'s parsed options. */
export interface ServerOptions {
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
    .addOption(new Option('--port <port>', 'Temporal frontend port').default(localServerPort()).argParser(port))
    .addOption(new Option('--ui-port <port>', 'Temporal UI port').default(8233).argParser(port))
    .action(async (values: ServerOptions) => (await import('./server-action')).serve(values))
    .addCommand(
      new Command('start')
        .description('start the shared background server that embedded runs use (they start it themselves if needed)')
        .action(async () => (await import('./server-action')).start()),
    )
    .addCommand(
      new Command('stop')
        .description('stop the shared background server')
        .action(async () => (await import('./server-action')).stop()),
    )
    .addCommand(
      new Command('status')
        .description('say whether the shared background server runs, and where')
        .action(async () => (await import('./server-action')).status()),
    );
}
