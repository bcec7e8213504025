#!/usr/bin/env node
// Entry point of the `sluice` command: registers TypeScript support, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../client/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
