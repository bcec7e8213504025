import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Resolves a path inside the sluice installation (not the user's working directory). */
export function projectPath(...segments: string[]): string {
  return join(ROOT, ...segments);
}
