#!/usr/bin/env node
// Entry point of the `sluice` command: runs the compiled CLI.
import { pathToFileURL } from 'node:url';
import { compiledCli } from './compiled-cli.js';
import { markPhase, printPhasesOnExit, profileIfAsked } from './timings.js';

printPhasesOnExit();
await profileIfAsked();
markPhase('node started');
const cli = await compiledCli();
markPhase('sources hashed');
const { main } = await import(pathToFileURL(cli).href);
markPhase('CLI loaded');
process.exitCode = await main(process.argv.slice(2));
