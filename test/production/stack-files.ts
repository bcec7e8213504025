/**
 * The files docker-compose.yml mounts into the Temporal containers, which the production test runs too: one server
 * config, one dynamic config, one schema script and one setup script for both. Paths are relative to the project root,
 * as compose writes them.
 */
export const STACK_FILES = {
  /** Temporal server config, rendered by the server from the environment (`--env sluice`). */
  serverConfig: 'deploy/temporal/sluice.yaml',
  /** The tuned dynamic config every sluice Temporal server reads. */
  dynamicConfig: 'deploy/temporal-dynamic-config.yaml',
  /** Creates Temporal's databases and applies its schema with temporal-sql-tool. */
  schemaScript: 'deploy/temporal-schema.sh',
  /** Creates the namespace and registers sluice's search attributes with the Temporal CLI. */
  setupScript: 'deploy/temporal-setup.sh',
  /** A worker container's health check. */
  workerHealthcheck: 'deploy/worker-healthcheck.mjs',
} as const;
