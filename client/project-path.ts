import { join } from 'node:path';
import { PROJECT_ROOT } from '../bin/build-cache.js';

/** Resolves a path inside the sluice installation (not the user's working directory). */
export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}
