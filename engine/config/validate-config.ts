import { z } from 'zod';
import { ConfigError } from '../errors';
import { sourceConfigSchema, type SourceConfig } from './config-schema';

/** Renders a zod path as the user wrote it: `resources[3].endpoint.paginator.limit`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** Every problem with a config, one line each, in document order. */
export function configProblems(config: unknown): string[] {
  const result = sourceConfigSchema.safeParse(config);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const where = formatPath(issue.path);
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return where ? `${where} ${message}` : `config ${message}`;
  });
}

/** Validates a config, throwing one ConfigError that lists every problem. */
export function validateConfig(config: unknown): SourceConfig {
  const problems = configProblems(config);
  if (problems.length > 0) {
    throw new ConfigError(problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
  }
  return config as SourceConfig;
}

/** The JSON Schema of a source config, for editors. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(sourceConfigSchema, { unrepresentable: 'any' });
}
