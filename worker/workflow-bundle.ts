import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../client/project-path';

const BUNDLER = fileURLToPath(new URL('./bundle-workflows.ts', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A hash of everything the workflow bundle is built from: workflow and engine sources and the SDK version. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(projectPath('workflows')), ...sourceFiles(projectPath('engine'))].sort()) {
    hash.update(file).update(readFileSync(file));
  }
  hash.update(readFileSync(projectPath('node_modules', '@temporalio', 'workflow', 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

function cacheDir(): string {
  for (const dir of [projectPath('.tools', 'workflow-bundles'), join(tmpdir(), 'sluice-workflow-bundles')]) {
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      // not writable: try the next place
    }
  }
  throw new Error('no writable directory for the workflow bundle');
}

/**
 * The path of sluice's prebuilt workflow bundle, built on first use and cached by source hash. Bundling runs in a
 * child process, so webpack's memory never stays in the worker and a worker starts in about a second.
 */
export async function workflowBundlePath(): Promise<string> {
  const file = join(cacheDir(), `workflows-${sourcesHash()}.js`);
  if (existsSync(file)) return file;
  await new Promise<void>((resolve, reject) => {
    // Run from the installation, where --import tsx resolves, whatever the user's working directory.
    const child = spawn(process.execPath, ['--import', 'tsx', BUNDLER, file], { cwd: projectPath(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bundling the workflows failed: ${stderr.trim().split('\n').slice(-3).join(' | ')}`))));
  });
  return file;
}
