import { Command } from 'commander';

export const DEMO_SEEDS = ['000_026a418351b15901.txt', '001_27630faba302ccb4.txt', '004_3e65b17885ee39b9.txt'];

/**
 * `sluice demo`: starts the project's API emulator and a local Temporal server, then syncs seeds 000, 001 and 004,
 * unchanged, into SQLite files under `.sluice/demo/`.
 */
export function demoCommand(): Command {
  return new Command('demo')
    .description('sync seeds 000, 001 and 004 from the API emulator into SQLite, with a local Temporal server')
    .option(
      '--keep-emulator',
      'keep the API emulator serving after the syncs, until Ctrl-C, to run more syncs against it',
    )
    .action(async (values: { keepEmulator?: boolean }) => (await import('./demo-action')).demo(values));
}
