/**
 * The production topology of docker-compose.yml, run without Docker: Temporal's real server (built from source) on
 * PostgreSQL set up with temporal-sql-tool, the stack's own config, dynamic config and setup scripts, three
 * `sluice worker` processes and a PostgreSQL warehouse. Takes minutes, so it runs only with CI or
 * SLUICE_PRODUCTION_TEST set; then every missing component fails it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import protos from '@temporalio/proto';
import pg from 'pg';
import { findTemporalBinary } from '../../client/dev-server/temporal-binary';
import { loadSource } from '../../client/load-source';
import { projectPath } from '../../client/project-path';
import { startSync } from '../../client/start-sync';
import { SLUICE_SEARCH_ATTRIBUTES } from '../../engine/search-attributes';
import { startEmulator, type Emulator } from '../../emulator';
import { ensureTemporalServerTools, TEMPORAL_SERVER_VERSION } from '../../scripts/temporal-server-tools';
import { resourceWorkflowId } from '../../workflows';
import { assertTableMatches } from '../support/compare-table';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { readPostgresTable } from '../support/read-postgres';
import { seedPath } from '../support/seeds';
import { EMULATOR_CREDENTIALS } from '../support/sync-fixture';
import { WorkerProcess } from '../support/worker-process';
import { STACK_FILES } from './stack-files';
import { startTemporalCluster, type TemporalCluster } from './temporal-cluster';

const run = promisify(execFile);
const ENABLED = Boolean(process.env.CI || process.env.SLUICE_PRODUCTION_TEST);
const log = (line: string) => process.stderr.write(`[production] ${line}\n`);

/** The highest `vX.Y` directory of a versioned schema, as temporal-sql-tool records it (`X.Y`). */
function latestVersion(dir: string): string {
  const versions = readdirSync(dir).map((name) => name.slice(1).split('.').map(Number) as [number, number]);
  versions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return versions.at(-1)!.join('.');
}

async function schemaVersion(postgresUrl: string, database: string): Promise<string> {
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    return (await client.query('SELECT curr_version FROM schema_version')).rows[0].curr_version;
  } finally {
    await client.end();
  }
}

describe(
  'the production stack on Temporal’s real server and PostgreSQL',
  { skip: ENABLED ? false : 'set CI or SLUICE_PRODUCTION_TEST=1 to run it (builds Temporal’s server once, minutes)' },
  () => {
    let cluster: TemporalCluster;
    let warehouse: TestPostgres;
    let client: Client;
    let schemaDir: string;

    before(async () => {
      const tools = await ensureTemporalServerTools(log);
      schemaDir = tools.postgresSchemaDir;
      const cli = await findTemporalBinary({ log });
      if (!cli) throw new Error('the Temporal CLI is missing and Go is unavailable to build it');
      // Build the compiled CLI and the workflow bundle once, as the image does, before three workers start at once.
      await run(process.execPath, ['--import', 'tsx', projectPath('scripts', 'prebuild.ts')], { cwd: projectPath() });
      cluster = await startTemporalCluster({ tools, cli });
      warehouse = await startPostgres();
      client = new Client({ connection: await Connection.connect({ address: cluster.address }) });
    });
    after(async () => {
      await client?.connection.close();
      await warehouse?.stop();
      await cluster?.stop();
    });

    test('the SQL tool brings both databases to the latest schema, and running it again changes nothing', async () => {
      const expected = {
        temporal: latestVersion(join(schemaDir, 'temporal', 'versioned')),
        temporal_visibility: latestVersion(join(schemaDir, 'visibility', 'versioned')),
      };
      for (const [database, version] of Object.entries(expected))
        assert.equal(await schemaVersion(cluster.postgresUrl, database), version, database);
      await cluster.setupSchema();
      for (const [database, version] of Object.entries(expected))
        assert.equal(await schemaVersion(cluster.postgresUrl, database), version, `${database} after a second run`);
    });

    test(`the server is Temporal ${TEMPORAL_SERVER_VERSION}, with the namespace and sluice's search attributes, also after a second setup`, async () => {
      const { serverVersion } = await client.workflowService.getSystemInfo({});
      assert.equal(`v${serverVersion}`, TEMPORAL_SERVER_VERSION);
      await cluster.setupNamespace();
      const { customAttributes } = await client.connection.operatorService.listSearchAttributes({
        namespace: 'default',
      });
      for (const key of SLUICE_SEARCH_ATTRIBUTES)
        assert.equal(
          customAttributes?.[key.name],
          protos.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        );
    });

    test('three workers share a multi-resource sync, and killing one mid-sync still loads exactly', async () => {
      const emulator: Emulator = await startEmulator({
        latencyMs: 20,
        sizes: {
          events: 3000,
          admin_logs: 2000,
          sign_templates: 1000,
          sign_requests: 2000,
          collections: 6,
          folder_items: 3000,
          recent_items: 1500,
          trashed_items: 6000,
          users: 2000,
        },
      });
      const taskQueue = `production-${process.pid}`;
      const workers = [0, 1, 2].map(
        () =>
          new WorkerProcess(
            ['--temporal', cluster.address, '--task-queue', taskQueue, '--dest', warehouse.url],
            EMULATOR_CREDENTIALS,
          ),
      );
      const dataset = `production_${process.pid}`;
      try {
        await Promise.all(workers.map((worker) => worker.start()));
        await assertHealthCheck(cluster.address, taskQueue);
        const source = await loadSource(seedPath('002'), [
          `client.base_url=${emulator.url}`,
          `client.auth.token_url=${emulator.url}/oauth2/token`,
        ]);
        const handle = await startSync({ client, source, destination: { url: warehouse.url, dataset }, taskQueue });
        const killed = workers[0]!;
        const killedPid = killed.pid!;
        const progress = await waitForProgress(warehouse.url, dataset, 50);
        await killed.kill();
        log(`killed worker ${killedPid} with ${progress.pages} pages committed, ${progress.running} resources running`);
        assert.ok(progress.running > 0, 'the worker was killed mid-sync');

        const result = await handle.result();
        assert.equal(result.status, 'completed', JSON.stringify(result.resources));
        for (const [resource, expected] of Object.entries(emulator.truth('002')))
          assertTableMatches(await readPostgresTable(warehouse.url, dataset, resource), expected, 'id');

        const identities = new Set<string>();
        for (const resource of Object.keys(result.resources)) {
          const history = await client.workflow
            .getHandle(resourceWorkflowId(handle.workflowId, resource))
            .fetchHistory();
          for (const event of history.events ?? []) {
            const identity = event.activityTaskStartedEventAttributes?.identity;
            if (identity) identities.add(identity);
          }
        }
        log(`activity workers: ${[...identities].join(', ')}`);
        const pids = new Set([killedPid, ...workers.slice(1).map((worker) => worker.pid!)]);
        for (const identity of identities) assert.ok(pids.has(Number(identity.split('@')[0])), identity);
        assert.ok(
          identities.size >= 2,
          `activities ran on ${identities.size} worker(s): ${[...identities].join(', ')}`,
        );
      } catch (error) {
        log(`server output:\n${cluster.log()}`);
        for (const worker of workers) log(`worker output:\n${worker.log}`);
        throw error;
      } finally {
        await Promise.all(workers.map((worker) => worker.kill()));
        await emulator.close();
      }
    });
  },
);

/** Pages committed and resources not yet complete in a dataset's `_sluice_state`. */
async function readProgress(url: string, dataset: string): Promise<{ pages: number; running: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT coalesce(sum(pages), 0) AS pages, count(*) FILTER (WHERE status <> 'complete') AS running
       FROM ${pg.escapeIdentifier(dataset)}._sluice_state`,
    );
    return { pages: Number(rows[0].pages), running: Number(rows[0].running) };
  } catch {
    return { pages: 0, running: 0 };
  } finally {
    await client.end();
  }
}

/** Waits until `pages` pages are committed, so the test acts mid-sync whatever the machine's speed. */
async function waitForProgress(url: string, dataset: string, pages: number) {
  for (let i = 0; i < 1200; i++) {
    const progress = await readProgress(url, dataset);
    if (progress.pages >= pages) return progress;
    await sleep(100);
  }
  throw new Error(`no ${pages} pages committed within 2 minutes`);
}

/** The compose file's worker health check passes for this host's workers and fails for a host that runs none. */
async function assertHealthCheck(address: string, taskQueue: string): Promise<void> {
  const check = (host?: string) =>
    run(
      process.execPath,
      [
        projectPath(STACK_FILES.workerHealthcheck),
        '--temporal',
        address,
        '--task-queue',
        taskQueue,
        ...(host ? ['--host', host] : []),
      ],
      { timeout: 30_000 },
    );
  await check();
  await assert.rejects(check('no-such-host'), /no workflow poller from no-such-host/);
}
