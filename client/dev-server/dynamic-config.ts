import { readFile } from 'node:fs/promises';
import { projectPath } from '../project-path';

/** The Temporal dynamic config file: the one list of tuned server settings, shared with docker-compose.yml. */
export const DYNAMIC_CONFIG_FILE = projectPath('deploy', 'temporal-dynamic-config.yaml');

/**
 * Reads the tuned settings as `--dynamic-config-value KEY=JSON` arguments for the dev server. The YAML parser loads
 * only here, so that a command that finds a server running never pays for it.
 */
export async function dynamicConfigArgs(file = DYNAMIC_CONFIG_FILE): Promise<string[]> {
  const { parse } = await import('yaml');
  const settings = parse(await readFile(file, 'utf8')) as Record<string, Array<{ value: unknown }>>;
  return Object.entries(settings).flatMap(([key, entries]) => {
    const value = entries[0]?.value;
    return value === undefined ? [] : ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`];
  });
}
