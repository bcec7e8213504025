import { Command } from 'commander';
import { setOption } from './options';

/** `sluice validate CONFIG`: prints every problem, or what the config resolves to; exits non-zero on problems. */
export function validateCommand(): Command {
  return new Command('validate')
    .description('print every problem of CONFIG with its path, or what it resolves to')
    .argument('<config>', 'source config: .py, .md/.txt, .json, .yaml, .ts or .js')
    .addOption(setOption())
    .action(async (configPath: string, values: { set?: string[] }) =>
      (await import('./validate-action')).validate(configPath, values),
    );
}

/** `sluice schema`: prints the JSON Schema of source configs, for editors. */
export function schemaCommand(): Command {
  return new Command('schema').description('print the JSON Schema of source configs, for editors').action(async () => {
    const { configJsonSchema } = await import('../../engine/config/validate-config');
    console.log(JSON.stringify(configJsonSchema(), null, 2));
  });
}
