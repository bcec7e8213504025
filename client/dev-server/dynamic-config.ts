import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { projectPath } from '../project-path';

/** The Temporal dynamic config file: the one list of tuned server settings, shared with docker-compose.yml. */
export const DYNAMIC_CONFIG_FILE = projectPath('deploy', 'temporal-dynamic-config.yaml');

/** Reads the tuned settings as `--dynamic-config-value KEY=JSON` arguments for the dev server. */
export function dynamicConfigArgs(file = DYNAMIC_CONFIG_FILE): string[] {
  const settings = parse(readFileSync(file, 'utf8')) as Record<string, Array<{ value: unknown }>>;
  return Object.entries(settings).flatMap(([key, entries]) => {
    const value = entries[0]?.value;
    return value === undefined ? [] : ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`];
  });
}
