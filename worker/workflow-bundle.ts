import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, sourcesHash } from '../bin/build-cache.js';
import { projectPath } from '../client/project-path';

const BUNDLER = projectPath('worker', 'bundle-workflows.ts');

/**
 * The path of sluice's prebuilt workflow bundle, built on first use and cached by source hash. Bundling runs in a
 * child process, so webpack's memory never stays in the worker and a worker starts in about a second.
 */
export async function workflowBundlePath(): Promise<string> {
  // Everything the bundle is built from: workflow and engine sources and the SDK version.
  const hash = sourcesHash(
    [projectPath('workflows'), projectPath('engine')],
    [projectPath('node_modules', '@temporalio', 'workflow', 'package.json')],
  );
  const file = join(cacheDir('workflow-bundles'), `workflows-${hash}.js`);
  if (existsSync(file)) return file;
  await new Promise<void>((resolve, reject) => {
    // Run from the installation, where --import tsx resolves, whatever the user's working directory.
    const child = spawn(process.execPath, ['--import', 'tsx', BUNDLER, file], {
      cwd: projectPath(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`bundling the workflows failed: ${stderr.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
  return file;
}
