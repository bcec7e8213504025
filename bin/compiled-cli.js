// The CLI compiled to one JavaScript module, so a running worker carries neither a TypeScript loader nor its thread.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir, PROJECT_ROOT, removeStaleBuilds, sourcesHash } from './build-cache.js';

const SOURCE_DIRS = ['activities', 'client', 'emulator', 'engine', 'worker', 'workflows'];
/** Besides the sources: the dependencies, whose resolved paths the compiled module names. */
const INPUT_FILES = ['bin/build-cache.js', 'package.json', 'package-lock.json'];

/**
 * Leaves packages and Node built-ins as imports, resolved from the installation now, so the compiled module runs from
 * any directory.
 * @type {import('esbuild').Plugin}
 */
const installedPackages = {
  name: 'installed-packages',
  setup(compiler) {
    compiler.onResolve({ filter: /^[^./]/ }, ({ path }) => ({ path: import.meta.resolve(path), external: true }));
  },
};

/**
 * The path of the compiled CLI's entry module, built on first use (a fraction of a second) and cached by source hash.
 * The CLI is split into chunks at its dynamic imports, so each command loads only the packages it uses.
 * `import.meta.dirname` keeps naming this directory, so paths inside the installation resolve as from the sources.
 * @returns {Promise<string>}
 */
export async function compiledCli() {
  const inputs = INPUT_FILES.map((file) => join(PROJECT_ROOT, file)).filter((file) => existsSync(file));
  const hash = sourcesHash(
    SOURCE_DIRS.map((dir) => join(PROJECT_ROOT, dir)),
    inputs,
  );
  const dir = join(cacheDir('cli'), `sluice-${hash}`);
  const file = join(dir, 'main.mjs');
  if (existsSync(file)) return file;
  // Loaded only to compile: esbuild costs every process that imports it about 12 MB.
  const { build } = await import('esbuild');
  const { outputFiles } = await build({
    entryPoints: [join(PROJECT_ROOT, 'client', 'cli', 'main.ts')],
    bundle: true,
    plugins: [installedPackages],
    platform: 'node',
    format: 'esm',
    splitting: true,
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    target: 'node20',
    keepNames: true,
    define: { 'import.meta.dirname': JSON.stringify(import.meta.dirname) },
    write: false,
    logLevel: 'silent',
  });
  if (!outputFiles.some((output) => output.path === file))
    throw new Error('compiling the CLI produced no entry module');
  // Written beside the final directory, then renamed into place whole: a process never starts from half a build.
  const partial = `${dir}.${process.pid}`;
  for (const output of outputFiles) {
    const path = join(partial, output.path.slice(dir.length));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, output.contents);
  }
  try {
    renameSync(partial, dir);
  } catch {
    // another process renamed its identical build first
    rmSync(partial, { recursive: true, force: true });
  }
  removeStaleBuilds(dir);
  return file;
}
