/**
 * Takes headless-Chromium screenshots of a seed 000 sync in the Temporal UI: the source workflow, and the resource
 * workflow with its page batches. Usage: `node --import tsx scripts/screenshot-ui.ts [out-dir]` (default docs/).
 * Needs Debian's chromium (apt-get install chromium) or CHROMIUM_PATH.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { installCliLogger } from '../client/cli/quiet-runtime';
import { freePort } from '../client/dev-server/free-port';
import { startDevServer } from '../client/dev-server/start-dev-server';
import { loadSource } from '../client/load-source';
import { runSync } from '../client/run-sync';
import { startEmulator } from '../emulator';
import { resourceWorkflowId } from '../workflows';

const outDir = process.argv[2] ?? 'docs';
const log = (line: string) => process.stderr.write(`${line}\n`);
installCliLogger();
process.env.CLIENT_ID = 'sluice-client';
process.env.CLIENT_SECRET = 'sluice-secret';

const emulator = await startEmulator({ latencyMs: 20 });
const uiPort = await freePort();
const server = await startDevServer({ uiPort, log });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  const source = await loadSource(new URL('../examples/seeds/000_026a418351b15901.txt', import.meta.url).pathname, [
    `client.base_url=${emulator.url}`,
    `client.auth.token_url=${emulator.url}/oauth2/token`,
    'resources.files.endpoint.paginator.limit=20',
  ]);
  const dest = mkdtempSync(join(tmpdir(), 'sluice-ui-'));
  const outcome = await runSync({
    source,
    destination: { url: `sqlite:${join(dest, 'ui.db')}`, dataset: 'ui_demo' },
    address: server.address,
    uiUrl: server.uiUrl!,
    namespace: 'default',
    taskQueue: 'sluice-ui',
    runWorker: true,
    fullRefresh: false,
    wait: true,
    log,
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const shots: Array<[string, string]> = [
    [outDir + '/temporal-ui-seed-000-source.png', outcome.uiLink],
    [
      outDir + '/temporal-ui-seed-000-resource.png',
      `${server.uiUrl}/namespaces/default/workflows/${encodeURIComponent(resourceWorkflowId(outcome.workflowId, 'files'))}`,
    ],
    [outDir + '/temporal-ui-workflows.png', `${server.uiUrl}/namespaces/default/workflows`],
  ];
  for (const [file, url] of shots) {
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: file, fullPage: false });
    log(`wrote ${file} (${url})`);
  }
} finally {
  await browser.close();
  await server.stop();
  await emulator.close();
}
