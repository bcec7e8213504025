import { Command } from 'commander';
import { ConfigError } from '../../engine/errors';
import { loadConfigFile } from '../../engine/config/load-config-file';
import { applyOverrides } from '../../engine/config/overrides';
import { resolveSource } from '../../engine/config/resolve-source';
import { configJsonSchema, configProblems } from '../../engine/config/validate-config';
import { setOption } from './options';

/** `sluice validate CONFIG`: prints every problem, or what the config resolves to; exits non-zero on problems. */
export function validateCommand(): Command {
  return new Command('validate')
    .description('print every problem of CONFIG with its path, or what it resolves to')
    .argument('<config>', 'source config: .py, .md/.txt, .json, .yaml, .ts or .js')
    .addOption(setOption())
    .action(validate);
}

async function validate(configPath: string, values: { set?: string[] }): Promise<void> {
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

/** `sluice schema`: prints the JSON Schema of source configs, for editors. */
export function schemaCommand(): Command {
  return new Command('schema')
    .description('print the JSON Schema of source configs, for editors')
    .action(() => console.log(JSON.stringify(configJsonSchema(), null, 2)));
}
