/**
 * Builds what a sluice worker would otherwise build on its first start, the compiled CLI and the workflow bundle, into
 * the installation's `.tools/` cache. The Docker image runs this at build time, so every container starts at once and
 * none needs a compiler or write access to its installation.
 */
import { compiledCli } from '../bin/compiled-cli.js';
import { workflowBundlePath } from '../worker/workflow-bundle';

console.log(`compiled CLI: ${await compiledCli()}`);
console.log(`workflow bundle: ${await workflowBundlePath()}`);
