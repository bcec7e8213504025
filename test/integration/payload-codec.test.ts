import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { startCodecServer } from '../../client/codec-server';
import { AesGcmPayloadCodec, parseCodecKeys } from '../../client/payload-codec';
import { startEmulator, type Emulator } from '../../emulator';
import { lastJsonLine, runCli } from '../support/cli';
import { dumpHistories } from '../support/history-dump';
import { EMULATOR_CREDENTIALS } from '../support/sync-fixture';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';
import { emulatorClient } from '../support/emulator-client';

const KEYS = `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`;

/** Every payload in a raw history, wherever it sits. */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (Array.isArray(value)) value.forEach((item) => payloadsIn(item, found));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.data instanceof Uint8Array && record.metadata && typeof record.metadata === 'object')
      found.push(record as Payload);
    else Object.values(record).forEach((item) => payloadsIn(item, found));
  }
  return found;
}

describe('encrypted payloads', () => {
  let temporal: TestTemporal;
  let raw: Client;
  let emulator: Emulator;
  let worker: WorkerProcess;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-codec-'));
  const taskQueue = `codec-${process.pid}`;
  const env = { ...EMULATOR_CREDENTIALS, SLUICE_CODEC_KEYS: KEYS };

  before(async () => {
    temporal = await testTemporal();
    raw = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    emulator = await startEmulator({ sizes: { resource: 120 } });
    worker = new WorkerProcess(['--temporal', temporal.address, '--task-queue', taskQueue], env);
    await worker.start();
  });
  after(async () => {
    await worker?.stop();
    await raw?.connection.close();
    await emulator?.close();
    await temporal?.stop();
  });

  test('the raw history holds no config value, cursor or URL, and every payload decodes with the key', async () => {
    const config = join(dir, 'sealed.json');
    writeFileSync(
      config,
      JSON.stringify({
        client: emulatorClient(emulator.url),
        resources: [
          {
            name: 'resource_name',
            endpoint: {
              path: '/v1/resource',
              data_selector: 'data',
              paginator: { type: 'offset', limit: 50 },
              incremental: { cursor_path: 'updated_at', start_param: 'updated_since' },
            },
          },
        ],
      }),
    );
    const dataset = `sealed_${process.pid}`;
    const cli = await runCli(
      ['run', config, '--temporal', temporal.address, '--task-queue', taskQueue, '--dataset', dataset, '--json'].concat(
        ['--dest', `sqlite:${join(dir, 'sealed.db')}`],
      ),
      { env, cwd: dir },
    );
    assert.equal(cli.code, 0, `${cli.stderr}\n${worker.log}`);
    const summary = lastJsonLine(cli.stdout);
    assert.equal(summary.resources.resource_name!.records, 120);

    const history = await dumpHistories(raw, summary.workflowId);
    const cursor = [...emulator.truth('004').resource_name!.values()]
      .map((r) => String(r.updated_at))
      .sort()
      .at(-1)!;
    for (const plain of [emulator.url, '127.0.0.1', '/v1/resource', 'updated_since', 'updated_at', cursor])
      assert.ok(!history.includes(plain), `the raw history holds ${plain}`);

    const handle = raw.workflow.getHandle(summary.workflowId);
    const payloads = payloadsIn(await handle.fetchHistory());
    assert.ok(payloads.length > 2, 'the history has payloads');
    const codec = new AesGcmPayloadCodec(parseCodecKeys(KEYS));
    const decoded = await codec.decode(payloads);
    assert.ok(decoded.every((p) => Buffer.from(p.metadata!.encoding!).toString() !== 'binary/encrypted'));
    assert.ok(
      decoded.some((p) => Buffer.from(p.data!).toString().includes(emulator.url)),
      'the key reveals the input',
    );
  });

  test('a payload written under the older key decodes after rotation, and an unknown key is named', async () => {
    const [k2, k1] = parseCodecKeys(KEYS);
    const old = new AesGcmPayloadCodec([k1!]);
    const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"cursor"') };
    const [sealed] = await old.encode([payload]);
    const [opened] = await new AesGcmPayloadCodec([k2!, k1!]).decode([sealed!]);
    assert.equal(Buffer.from(opened!.data!).toString(), '"cursor"');
    await assert.rejects(
      new AesGcmPayloadCodec([k2!]).decode([sealed!]),
      /payload encrypted with key k1, which SLUICE_CODEC_KEYS does not hold/,
    );
  });

  test('the codec server answers the UI decode request, with CORS for the UI origin', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(KEYS));
    const server = await startCodecServer({ codec, port: 0, uiOrigin: 'http://localhost:8233' });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const preflight = await fetch(`${base}/decode`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://localhost:8233', 'Access-Control-Request-Method': 'POST' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:8233');
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-Namespace/);
      const [sealed] = await codec.encode([
        { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"a":1}') },
      ]);
      const response = await fetch(`${base}/decode`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', Origin: 'http://localhost:8233' },
        body: JSON.stringify({
          payloads: [
            {
              metadata: Object.fromEntries(
                Object.entries(sealed!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
              ),
              data: Buffer.from(sealed!.data!).toString('base64'),
            },
          ],
        }),
      });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        payloads: [
          {
            metadata: { encoding: Buffer.from('json/plain').toString('base64') },
            data: Buffer.from('{"a":1}').toString('base64'),
          },
        ],
      });
    } finally {
      server.close();
    }
  });
});
