import { Command } from 'commander';

/** `sluice standby SOCKET`, started beside the shared local server: loads a run's modules and serves the next run. */
export function standbyCommand(): Command {
  return new Command('standby')
    .description('wait, with a run loaded, for the next `sluice run` of this installation, and serve it')
    .argument('<socket>', 'Unix socket to listen on')
    .action(async (socket: string) => {
      const [{ serveStandby }, { cliBuild }] = await Promise.all([
        import('../standby/serve-standby'),
        import('../standby/cli-build'),
      ]);
      await serveStandby(socket, cliBuild());
    });
}
