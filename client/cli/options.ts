import { InvalidArgumentError, Option } from 'commander';

/** Collects a repeatable option's values in order. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Parses a positive integer option value, or fails naming what was wrong with it. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive integer');
  return number;
}

/** Parses a TCP port option value. */
export function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535)
    throw new InvalidArgumentError('expected a port number (0-65535)');
  return number;
}

/** `--temporal`: the cluster a command talks to; without a default, `run` uses a local server. */
export const temporalOption = (defaultAddress?: string) =>
  new Option(
    '--temporal <host:port>',
    defaultAddress
      ? 'Temporal frontend address'
      : 'Temporal frontend address; without it sluice uses a server on localhost:7233 (SLUICE_TEMPORAL_PORT) or starts a local one, and runs an in-process worker',
  ).default(defaultAddress);

/** `--namespace`. */
export const namespaceOption = () => new Option('--namespace <name>', 'Temporal namespace').default('default');

/** `--task-queue`; without a default, `run` picks the queue (its sync's own when it runs the worker itself). */
export const taskQueueOption = (defaultQueue: string | null = 'sluice') =>
  new Option(
    '--task-queue <name>',
    defaultQueue
      ? 'Temporal task queue the workers poll'
      : "Temporal task queue the workers poll (default: 'sluice' with --temporal, else the sync's own queue)",
  ).default(defaultQueue ?? undefined);

/** `--dest`. */
export const destOption = (description: string) => new Option('--dest <url>', description);

/** `--dataset`. */
export const datasetOption = (description: string) => new Option('--dataset <name>', description);

/** `--secrets`. */
export const secretsOption = () =>
  new Option('--secrets <file>', 'TOML file of secrets, read by the worker (default: .sluice/secrets.toml)');

/** `--set PATH=VALUE`, repeatable. */
export const setOption = () =>
  new Option(
    '--set <path=value>',
    'override a config value by dotted path (resources.<name>.… names a resource); VALUE is JSON when it parses as JSON; repeatable',
  ).argParser(collect);

/** `--json`, described by what it prints. */
export const jsonOption = (description: string) => new Option('--json', description);
