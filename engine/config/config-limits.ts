import { ConfigError } from '../errors';

/** The largest config file sluice reads: a resolved source travels in the workflow's input, which Temporal bounds. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The deepest nesting a config may have; real configs stay under ten levels. */
export const MAX_CONFIG_DEPTH = 64;

/** Refuses a config file over {@link MAX_CONFIG_BYTES} before it is read. */
export function checkConfigSize(bytes: number, file: string): void {
  if (bytes <= MAX_CONFIG_BYTES) return;
  const size = (bytes / (1024 * 1024)).toFixed(1);
  throw new ConfigError(`${file}: the config is ${size} MB; a config may be at most 1 MB`);
}

/**
 * Refuses a config nested deeper than {@link MAX_CONFIG_DEPTH}, naming the path where it goes too deep. The walk is
 * iterative, so that a hostile config cannot overflow the stack before it is refused.
 */
export function checkConfigDepth(config: unknown, file: string): void {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: config, path: '', depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_CONFIG_DEPTH)
      throw new ConfigError(`${file}: ${path || 'the config'} nests deeper than ${MAX_CONFIG_DEPTH} levels`);
    const entries = Array.isArray(value)
      ? value.map((item, index) => [`[${index}]`, item] as const)
      : Object.entries(value).map(([key, item]) => [`${path ? '.' : ''}${key}`, item] as const);
    for (const [step, item] of entries) pending.push({ value: item, path: `${path}${step}`, depth: depth + 1 });
  }
}
