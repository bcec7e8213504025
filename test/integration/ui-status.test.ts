import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../../client/dev-server/free-port';
import { startDevServer, type DevServer } from '../../client/dev-server/start-dev-server';
import { loadSource } from '../../client/load-source';
import { startSync } from '../../client/start-sync';
import { startEmulator, type Emulator } from '../../emulator';
import { createSluiceWorker, type SluiceWorker } from '../../worker';
import { seedPath } from '../support/seeds';
import { EMULATOR_CREDENTIALS } from '../support/sync-fixture';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the Temporal UI shows a sync as it ended', () => {
  let server: DevServer;
  let emulator: Emulator;
  let client: Client;
  let worker: SluiceWorker;
  let running: Promise<void>;
  let browser: Browser;
  const taskQueue = `ui-${process.pid}`;

  before(async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `Chromium not found at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`,
    );
    Object.assign(process.env, EMULATOR_CREDENTIALS);
    server = await startDevServer({ uiPort: await freePort() });
    emulator = await startEmulator();
    client = new Client({ connection: await Connection.connect({ address: server.address }) });
    worker = await createSluiceWorker({ address: server.address, taskQueue });
    running = worker.worker.run();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  });
  after(async () => {
    await browser?.close();
    worker?.worker.shutdown();
    await running;
    await worker?.close();
    await client?.connection.close();
    await emulator?.close();
    await server?.stop();
  });

  test('a sync with a failed resource is listed as Failed in the workflow list', async () => {
    const source = await loadSource(seedPath('002'), [
      `client.base_url=${emulator.url}`,
      `client.auth.token_url=${emulator.url}/oauth2/token`,
      'resources.files.endpoint.path=/v1/no-such-path',
    ]);
    const dest = mkdtempSync(join(tmpdir(), 'sluice-ui-'));
    const handle = await startSync({
      client,
      source,
      destination: { url: `sqlite:${join(dest, 'ui.db')}`, dataset: 'ui_status' },
      taskQueue,
    });
    await handle.result().catch(() => undefined);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const query = encodeURIComponent(`WorkflowId = "${handle.workflowId}"`);
    await page.goto(`${server.uiUrl}/namespaces/default/workflows?query=${query}`, { waitUntil: 'networkidle' });
    const row = page.locator('tr, [role="row"]', { hasText: handle.workflowId }).first();
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /Failed/);
    assert.doesNotMatch(await row.innerText(), /Completed/);
    if (process.env.SLUICE_UI_SCREENSHOT) await page.screenshot({ path: process.env.SLUICE_UI_SCREENSHOT });
  });
});
