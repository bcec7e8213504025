// Builds derived from sluice's TypeScript sources (the compiled CLI, the workflow bundle), cached by a hash of what they
// are built from so that an edited source is never run stale.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The sluice installation's root directory. */
export const PROJECT_ROOT = join(import.meta.dirname, '..');

/**
 * @param {string} dir
 * @returns {string[]}
 */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * A short hash of the TypeScript sources under `dirs` and of the contents of `files`, names included.
 * @param {string[]} dirs absolute directories
 * @param {string[]} files absolute files, such as a dependency's package.json
 * @returns {string}
 */
export function sourcesHash(dirs, files = []) {
  const hash = createHash('sha256');
  for (const file of [...dirs.flatMap(sourceFiles).sort(), ...files]) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * A writable directory for cached builds of one kind: inside the installation, or else under the system's temp dir.
 * @param {string} kind
 * @returns {string}
 */
export function cacheDir(kind) {
  for (const dir of [join(PROJECT_ROOT, '.tools', kind), join(tmpdir(), `sluice-${kind}`)]) {
    try {
      mkdirSync(dir, { recursive: true });
      return dir;
    } catch {
      // not writable: try the next place
    }
  }
  throw new Error(`no writable directory for sluice's ${kind}`);
}

/**
 * Writes a file whole or not at all, so processes building the same file at once never read half of one.
 * @param {string} file
 * @param {string | Uint8Array} contents
 */
export function writeAtomically(file, contents) {
  writeFileSync(`${file}.${process.pid}`, contents);
  renameSync(`${file}.${process.pid}`, file);
}
