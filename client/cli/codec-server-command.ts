import { Command, Option } from 'commander';
import type { AddressInfo } from 'node:net';
import { CODEC_KEYS_ENV } from '../codec-keys-env';
import { port } from './options';
import { untilSignal } from './until-signal';

/** `sluice codec-server`: lets the Temporal UI decode sluice's encrypted payloads for whoever holds the key. */
export function codecServerCommand(): Command {
  return new Command('codec-server')
    .description(`serve /encode and /decode for the Temporal UI, with the keys in ${CODEC_KEYS_ENV}`)
    .addOption(new Option('--port <n>', 'port to listen on (127.0.0.1)').argParser(port).default(8888))
    .addOption(new Option('--ui-origin <url>', 'Temporal UI origin allowed by CORS').default('http://localhost:8233'))
    .action(async (values: { port: number; uiOrigin: string }) => {
      const [{ startCodecServer }, { CodecKeyError, codecFromEnv }] = await Promise.all([
        import('../codec-server'),
        import('../payload-codec'),
      ]);
      const codec = codecFromEnv();
      if (!codec) throw new CodecKeyError(`${CODEC_KEYS_ENV} is not set: the codec server needs the keys`);
      const server = await startCodecServer({ codec, port: values.port, uiOrigin: values.uiOrigin });
      const { port: bound } = server.address() as AddressInfo;
      console.error(`codec server on http://127.0.0.1:${bound} for ${values.uiOrigin}; Ctrl-C to stop`);
      await untilSignal();
      server.close();
    });
}
