/** Runs the API emulator standalone: `node --import tsx emulator/main.ts [--port 8080] [--latency 50] [--size files=100000]`. */
import { parseArgs } from 'node:util';
import { startEmulator } from './start-emulator';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    latency: { type: 'string', default: '0' },
    size: { type: 'string', multiple: true },
    'fault-rate': { type: 'string', default: '0' },
    'token-max-uses': { type: 'string' },
  },
});
const sizes = Object.fromEntries((values.size ?? []).map((pair) => pair.split('=')).map(([k, v]) => [k!, Number(v)]));
const emulator = await startEmulator({
  port: Number(values.port),
  latencyMs: Number(values.latency),
  sizes,
  faults: { rate: Number(values['fault-rate']) },
  tokenMaxUses: values['token-max-uses'] ? Number(values['token-max-uses']) : undefined,
});
console.log(`emulator listening on ${emulator.url} (client id sluice-client, secret sluice-secret, refresh token sluice-refresh)`);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
