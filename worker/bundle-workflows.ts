/** Builds sluice's workflow bundle into the file named by the first argument (run by workflow-bundle.ts). */
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeBuild } from '../bin/build-cache.js';
import { SLUICE_WORKFLOWS_PATH } from './create-worker';

const out = process.argv[2]!;
const { code } = await bundleWorkflowCode({ workflowsPath: SLUICE_WORKFLOWS_PATH, logger: undefined });
writeBuild(out, code);
