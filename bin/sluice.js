#!/usr/bin/env node
// Entry point of the `sluice` command: runs the compiled CLI.
import { pathToFileURL } from 'node:url';
import { compiledCli } from './compiled-cli.js';

const { main } = await import(pathToFileURL(await compiledCli()).href);
process.exitCode = await main(process.argv.slice(2));
