/**
 * Runs the API emulator until SIGINT or SIGTERM:
 * `node --import tsx emulator/main.ts [--port 8080] [--latency 50] [--size files=100000] [--fault-rate 0.1]
 * [--fault-kinds 429,reset] [--retry-after 1] [--token-max-uses 40] [--token-ttl 3600] [--seed 1]`.
 */
import { parseArgs } from 'node:util';
import type { EmulatorOptions, EmulatorSizes, FaultKind } from './emulator-options';
import { startEmulator } from './start-emulator';

function number(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new RangeError(`--${flag} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

function sizes(pairs: string[]): Partial<EmulatorSizes> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^(\w+)=(\d+)$/.exec(pair);
    if (!match) throw new RangeError(`--size must look like name=count, got ${JSON.stringify(pair)}`);
    out[match[1]!] = Number(match[2]);
  }
  return out;
}

function options(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8080' },
      latency: { type: 'string' },
      size: { type: 'string', multiple: true },
      'fault-rate': { type: 'string' },
      'fault-kinds': { type: 'string' },
      'retry-after': { type: 'string' },
      'token-max-uses': { type: 'string' },
      'token-ttl': { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const rate = number('fault-rate', values['fault-rate']);
  return {
    port: number('port', values.port),
    latencyMs: number('latency', values.latency),
    sizes: sizes(values.size ?? []),
    faults:
      rate === undefined
        ? undefined
        : {
            rate,
            kinds: values['fault-kinds']?.split(',') as FaultKind[] | undefined,
            retryAfterSeconds: number('retry-after', values['retry-after']),
          },
    tokenMaxUses: number('token-max-uses', values['token-max-uses']),
    tokenTtlSeconds: number('token-ttl', values['token-ttl']),
    seed: number('seed', values.seed),
  };
}

try {
  const emulator = await startEmulator(options(process.argv.slice(2)));
  console.log(emulator.url);
  console.error('client id sluice-client, client secret sluice-secret, refresh token sluice-refresh; Ctrl-C to stop');
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
