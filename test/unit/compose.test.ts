import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { projectPath } from '../../client/project-path';
import { SLUICE_SEARCH_ATTRIBUTES } from '../../engine/search-attributes';
import { DEFAULT_TASK_QUEUE } from '../../engine/sync-types';
import { STACK_FILES } from '../production/stack-files';

interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }> | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  entrypoint?: string[];
  command?: string[];
}

const read = (file: string) => readFileSync(projectPath(file), 'utf8');
const composeText = read('docker-compose.yml');
const services = (parse(composeText, { merge: true }) as { services: Record<string, Service> }).services;
const service = (name: string): Service => {
  const found = services[name];
  assert.ok(found, `docker-compose.yml has a ${name} service`);
  return found;
};
/** One-shot services: those another service waits on to complete. */
const ONE_SHOT = ['temporal-schema', 'temporal-setup'];
const LONG_RUNNING = ['temporal-db', 'temporal', 'temporal-ui', 'warehouse', 'worker'];
/** `host-file:container-path[:mode]` → container path, for the mounts of a service. */
const mounts = (name: string) =>
  new Map((service(name).volumes ?? []).map((volume) => volume.split(':') as [string, string]).map(([h, c]) => [h, c]));
/** The value after `flag` in an argument list. */
const argAfter = (args: string[] | undefined, flag: string) =>
  args?.includes(flag) ? args[args.indexOf(flag) + 1] : undefined;

describe('docker-compose.yml describes a production stack that starts in order and keeps running', () => {
  test('runs exactly the Temporal database, schema, server, setup and UI, the warehouse and the workers', () => {
    assert.deepEqual(Object.keys(services).sort(), [...ONE_SHOT, ...LONG_RUNNING].sort());
  });

  test('sets the schema up with Temporal’s SQL tool, not the development-only auto-setup image', () => {
    assert.doesNotMatch(composeText, /auto-setup/);
    assert.match(read(STACK_FILES.schemaScript), /setup-schema -v 0\.0[\s\S]*update-schema -d "\$versioned"/);
    assert.equal(
      argAfter(service('temporal-schema').entrypoint, 'sh'),
      mounts('temporal-schema').get(`./${STACK_FILES.schemaScript}`),
    );
  });

  test('gives every long-running service a health check and a restart policy', () => {
    for (const name of LONG_RUNNING) {
      assert.ok(service(name).healthcheck?.test?.length, `${name} has a health check`);
      assert.ok(['always', 'unless-stopped'].includes(service(name).restart ?? ''), `${name} restarts`);
    }
    for (const name of ONE_SHOT) assert.match(service(name).restart ?? '', /^on-failure/, `${name} retries a failure`);
  });

  test('starts each service only after what it needs is healthy or has completed', () => {
    const expected: Record<string, Record<string, string>> = {
      'temporal-schema': { 'temporal-db': 'service_healthy' },
      temporal: { 'temporal-db': 'service_healthy', 'temporal-schema': 'service_completed_successfully' },
      'temporal-setup': { temporal: 'service_healthy' },
      'temporal-ui': { temporal: 'service_healthy', 'temporal-setup': 'service_completed_successfully' },
      worker: {
        temporal: 'service_healthy',
        'temporal-setup': 'service_completed_successfully',
        warehouse: 'service_healthy',
      },
      'temporal-db': {},
      warehouse: {},
    };
    for (const [name, dependencies] of Object.entries(expected)) {
      const declared = service(name).depends_on ?? {};
      assert.ok(!Array.isArray(declared), `${name} names a condition for each dependency`);
      assert.deepEqual(
        Object.fromEntries(Object.entries(declared).map(([dependency, { condition }]) => [dependency, condition])),
        dependencies,
        name,
      );
    }
  });

  test('has no default secrets: every password must be set, and .env.example lists each with no value', () => {
    const required = [...composeText.matchAll(/\$\{(\w+)([^}]*)\}/g)];
    assert.ok(required.length > 0);
    for (const [whole, , rest] of required) assert.match(rest!, /^:\?.+/, `${whole} fails when unset`);
    for (const [name, entry] of Object.entries(services))
      for (const [key, value] of Object.entries(entry.environment ?? {}))
        if (/PASSWORD|PWD|SECRET|TOKEN/.test(key)) assert.match(value, /^\$\{\w+:\?/, `${name}: ${key}`);
    const example = new Map(
      read('.env.example')
        .split('\n')
        .filter((line) => /^\w+=/.test(line))
        .map((line) => line.split('=') as [string, string]),
    );
    assert.deepEqual([...example.keys()].sort(), [...new Set(required.map((match) => match[1]!))].sort());
    for (const [key, value] of example) assert.equal(value, '', `.env.example leaves ${key} empty`);
    assert.match(read('.dockerignore'), /^\.env$/m, 'the image never contains .env');
  });

  test('publishes no database port, and Temporal and its UI on the loopback interface only', () => {
    for (const name of ['temporal-db', 'warehouse']) assert.equal(service(name).ports, undefined, name);
    for (const entry of Object.values(services))
      for (const port of entry.ports ?? []) assert.match(port, /^127\.0\.0\.1:\d+:\d+$/);
  });

  test('pins every image to a version', () => {
    for (const [name, entry] of Object.entries(services)) {
      if (entry.build) continue;
      assert.match(entry.image ?? '', /:\d+\.\d+(\.\d+)?(-[\w.-]+)?$/, `${name} image ${entry.image}`);
    }
  });

  test('mounts the server config and dynamic config the production test runs with', () => {
    const temporal = service('temporal');
    const server = mounts('temporal');
    const configPath = server.get(`./${STACK_FILES.serverConfig}`);
    const dynamicPath = server.get(`./${STACK_FILES.dynamicConfig}`);
    assert.ok(configPath && dynamicPath, 'both files are mounted');
    const args = temporal.entrypoint!;
    assert.equal(
      `${argAfter(args, '--root')}/${argAfter(args, '--config')}/${argAfter(args, '--env')}.yaml`,
      configPath,
      'the server loads the mounted config',
    );
    assert.equal(temporal.environment?.TEMPORAL_DYNAMIC_CONFIG_FILE, dynamicPath);
    const config = parse(read(STACK_FILES.serverConfig), { logLevel: 'silent' }) as {
      dynamicConfigClient: { filepath: string };
      persistence: { datastores: Record<string, { sql: { password: string } }> };
    };
    assert.equal(config.dynamicConfigClient.filepath, '{{ env "TEMPORAL_DYNAMIC_CONFIG_FILE" }}');
    for (const store of Object.values(config.persistence.datastores))
      assert.equal(store.sql.password, '{{ env "TEMPORAL_DB_PASSWORD" }}');
  });

  test('registers exactly the search attributes sluice sets', () => {
    const listed = read(STACK_FILES.setupScript)
      .match(/^SEARCH_ATTRIBUTES="([^"]*)"$/m)?.[1]
      ?.split(' ');
    assert.deepEqual(
      listed,
      SLUICE_SEARCH_ATTRIBUTES.map((key) => key.name),
    );
    assert.equal(
      argAfter(service('temporal-setup').entrypoint, 'sh'),
      mounts('temporal-setup').get(`./${STACK_FILES.setupScript}`),
    );
  });

  test('checks a worker’s health on the Temporal server and task queue it polls', () => {
    const worker = service('worker');
    const check = worker.healthcheck!.test!;
    assert.equal(check[2], STACK_FILES.workerHealthcheck);
    assert.equal(argAfter(check, '--temporal'), argAfter(worker.command, '--temporal'));
    const queue = (command: string[] | undefined) => argAfter(command, '--task-queue') ?? DEFAULT_TASK_QUEUE;
    assert.equal(queue(check), queue(worker.command));
  });
});

describe('the Dockerfile builds a small, unprivileged worker image', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages.at(-1)!;

  test('pins its base image to a Node release', () => {
    assert.match(dockerfile, /^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-[\w-]+$/m);
    for (const stage of stages) assert.match(stage, /^(\$\{NODE_IMAGE\}|deps)\s/, 'every stage starts from the pin');
  });

  test('builds the compiled CLI and the workflow bundle in an earlier stage', () => {
    assert.ok(stages.length >= 3, 'dependencies, build and runtime stages');
    assert.match(stages.slice(0, -1).join(''), /scripts\/prebuild\.ts/);
    assert.match(final, /COPY --from=build \/app \/app/);
  });

  test('runs as a non-root user, with no compiler or package manager step in the final stage', () => {
    assert.match(final, /^USER node$/m);
    assert.doesNotMatch(final, /apt-get|g\+\+|npm (ci|install)/);
  });
});
