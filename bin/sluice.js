#!/usr/bin/env node
// Entry point of the `sluice` command: hands a run to a waiting standby, or runs the compiled CLI.
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledCli } from './compiled-cli.js';
import { runOnStandby } from './standby-client.js';
import { markPhase, printPhasesOnExit, profileIfAsked } from './timings.js';

printPhasesOnExit();
await profileIfAsked();
markPhase('node started');
const cli = await compiledCli();
markPhase('sources hashed');
const argv = process.argv.slice(2);
const served = await runOnStandby(dirname(cli), argv);
if (served !== undefined) process.exitCode = served;
else {
  const { main } = await import(pathToFileURL(cli).href);
  markPhase('CLI loaded');
  process.exitCode = await main(argv, { build: dirname(cli) });
}
