// Builds derived from sluice's TypeScript sources (the compiled CLI, the workflow bundle), cached by a hash of what they
// are built from so that an edited source is never run stale.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

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

/** Builds untouched for this long are left to no process still starting from them. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Writes a new build whole, then deletes the builds it supersedes: the other files of its directory with the same
 * prefix and extension that are over an hour old, so editing sources does not fill the disk, while a build another
 * process has just written survives.
 * @param {string} file named `<prefix>-<hash>.<ext>`
 * @param {string | Uint8Array} contents
 */
export function writeBuild(file, contents) {
  writeAtomically(file, contents);
  removeStaleBuilds(file);
}

/**
 * Deletes the builds `build` supersedes: the other entries of its directory with the same prefix and extension that
 * are over an hour old (a build is a file or a directory named `<prefix>-<hash>[.<ext>]`).
 * @param {string} file
 */
export function removeStaleBuilds(file) {
  const name = basename(file);
  const prefix = name.slice(0, name.lastIndexOf('-') + 1);
  const extension = name.includes('.') ? name.slice(name.indexOf('.')) : '';
  const now = Date.now();
  for (const other of readdirSync(dirname(file))) {
    if (
      other === name ||
      !other.startsWith(prefix) ||
      !other.endsWith(extension) ||
      other.slice(prefix.length).includes('-') ||
      (extension === '' && other.includes('.'))
    )
      continue;
    const path = join(dirname(file), other);
    try {
      if (now - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // already gone
    }
  }
}
