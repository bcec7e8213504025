// What `sluice validate` does, loaded only when it runs: the config schema is among the heavier modules.
import { ConfigError } from '../../engine/errors';
import { loadConfigFile } from '../../engine/config/load-config-file';
import { applyOverrides } from '../../engine/config/overrides';
import { resolveSource } from '../../engine/config/resolve-source';
import { configProblems } from '../../engine/config/validate-config';

/** Prints every problem of the config at `configPath`, or what it resolves to; throws when it has problems. */
export async function validate(configPath: string, values: { set?: string[] }): Promise<void> {
  const loaded = await loadConfigFile(configPath);
  const config = applyOverrides(loaded.config, values.set ?? []);
  const problems = configProblems(config);
  if (problems.length > 0) {
    problems.forEach((problem) => console.error(`error: ${problem}`));
    throw new ConfigError(`${configPath}: ${problems.length} problem${problems.length > 1 ? 's' : ''}`);
  }
  const source = resolveSource(config, loaded.name);
  source.notes.forEach((note) => console.log(`note: ${note}`));
  for (const resource of source.resources) {
    const parent = resource.parent ? ` (child of ${resource.parent.resource}.${resource.parent.field})` : '';
    console.log(
      `  ${resource.name}: ${resource.endpoint.method} ${resource.endpoint.path}, ${resource.endpoint.paginator?.type ?? 'auto'} paginator, ${resource.table.writeDisposition}${parent}`,
    );
  }
  console.log(`${configPath}: valid, ${source.resources.length} resource${source.resources.length > 1 ? 's' : ''}`);
}
