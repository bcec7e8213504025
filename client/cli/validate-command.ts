import { loadConfigFile } from '../../engine/config/load-config-file';
import { applyOverrides } from '../../engine/config/overrides';
import { resolveSource } from '../../engine/config/resolve-source';
import { configJsonSchema, configProblems } from '../../engine/config/validate-config';
import { parseCommand } from './usage-error';

/** `sluice validate CONFIG`: prints every problem, or what the config resolves to; exits non-zero on problems. */
export async function validateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, { set: { type: 'string', multiple: true } }, 1);
  if (!positionals[0]) throw new Error('sluice validate needs a CONFIG file');
  const loaded = await loadConfigFile(positionals[0]);
  const config = applyOverrides(loaded.config, values.set ?? []);
  const problems = configProblems(config);
  if (problems.length > 0) {
    problems.forEach((problem) => console.error(`error: ${problem}`));
    console.error(`${positionals[0]}: ${problems.length} problem${problems.length > 1 ? 's' : ''}`);
    return 1;
  }
  const source = resolveSource(config, loaded.name);
  source.notes.forEach((note) => console.log(`note: ${note}`));
  for (const resource of source.resources) {
    const parent = resource.parent ? ` (child of ${resource.parent.resource}.${resource.parent.field})` : '';
    console.log(
      `  ${resource.name}: ${resource.endpoint.method} ${resource.endpoint.path}, ${resource.endpoint.paginator?.type ?? 'auto'} paginator, ${resource.table.writeDisposition}${parent}`,
    );
  }
  console.log(`${positionals[0]}: valid, ${source.resources.length} resource${source.resources.length > 1 ? 's' : ''}`);
  return 0;
}

/** `sluice schema`: prints the JSON Schema of source configs, for editors. */
export async function schemaCommand(argv: string[]): Promise<number> {
  parseCommand(argv, {});
  console.log(JSON.stringify(configJsonSchema(), null, 2));
  return 0;
}
