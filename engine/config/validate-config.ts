import { z } from 'zod';
import { ConfigError } from '../errors';
import { templateProblems } from '../expressions';
import { urlCredentialProblems } from '../http/url-credentials';
import { sourceConfigSchema, type SourceConfig } from './config-schema';
import { normalizeConfig } from './normalize-config';

type Issue = z.core.$ZodIssue;

/** Renders a path as the user wrote it: `resources[3].endpoint.paginator.limit`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
}

function valueAt(config: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node: any = config;
  for (const key of path) node = node !== null && typeof node === 'object' ? node[key as string] : undefined;
  return node;
}

const rootMismatch = (issues: Issue[]) =>
  issues.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'));

/**
 * Replaces a union's summary by the problems of the one alternative the input was meant as (a resource object rather
 * than a resource name), so the message names the field that is wrong.
 */
function expand(issues: Issue[], base: PropertyKey[] = []): Array<Issue & { fullPath: PropertyKey[] }> {
  return issues.flatMap((issue) => {
    const fullPath = [...base, ...issue.path];
    if (issue.code === 'invalid_union') {
      const meant = issue.errors.filter((branch) => !rootMismatch(branch));
      if (meant.length === 1) return expand(meant[0]!, fullPath);
    }
    return [{ ...issue, fullPath }];
  });
}

function describe(issue: Issue, value: unknown): string {
  if (value === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom') return 'is required';
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return `must be ${issue.expected === 'object' || issue.expected === 'array' ? 'an' : 'a'} ${issue.expected}`;
  }
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid option'))
    return `must be one of ${issue.values.map(String).join(', ')}`;
  return issue.message;
}

/** Every problem with a config, one line each, naming where it is. */
export function configProblems(written: unknown): string[] {
  const config = normalizeConfig(written);
  const result = sourceConfigSchema.safeParse(config);
  if (result.success) return [...urlCredentialProblems(config), ...templateProblems(config)];
  return expand(result.error.issues).map((issue) => {
    const where = formatPath(issue.fullPath);
    const message = describe(issue, issue.fullPath.length === 0 ? config : valueAt(config, issue.fullPath));
    return where ? `${where} ${message}` : `config ${message}`;
  });
}

/** Validates a config, throwing one ConfigError that lists every problem; returns it with dlt's shorthands expanded. */
export function validateConfig(config: unknown): SourceConfig {
  const problems = configProblems(config);
  if (problems.length > 0) {
    throw new ConfigError(
      problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  ${problems.join('\n  ')}`,
    );
  }
  return normalizeConfig(config) as SourceConfig;
}

/** The JSON Schema of a source config, for editors. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(sourceConfigSchema, { unrepresentable: 'any' });
}
