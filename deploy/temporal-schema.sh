#!/bin/sh
# Creates Temporal's two databases on PostgreSQL and brings their schemas to the version the server expects, with
# Temporal's own temporal-sql-tool. Safe to run on every start: each step leaves an up-to-date database unchanged.
# Run by the temporal-schema service of docker-compose.yml and by the production test.
set -eu

: "${TEMPORAL_DB_HOST:?TEMPORAL_DB_HOST is not set: the host of Temporal's PostgreSQL}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is not set}"
SQL_TOOL="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"
# Where the admin-tools image keeps the versioned schema; the test points it at the server module's copy.
SCHEMA_DIR="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

export SQL_PLUGIN=postgres12
export SQL_HOST="$TEMPORAL_DB_HOST"
export SQL_PORT="${TEMPORAL_DB_PORT:-5432}"
export SQL_USER="${TEMPORAL_DB_USER:-temporal}"
export SQL_PASSWORD="$TEMPORAL_DB_PASSWORD"

for pair in temporal:temporal temporal_visibility:visibility; do
  database="${pair%%:*}"
  versioned="$SCHEMA_DIR/${pair#*:}/versioned"
  [ -d "$versioned" ] || { echo "temporal-schema: no schema directory $versioned" >&2; exit 1; }
  echo "temporal-schema: $database"
  "$SQL_TOOL" --db "$database" create-database
  "$SQL_TOOL" --db "$database" setup-schema -v 0.0
  "$SQL_TOOL" --db "$database" update-schema -d "$versioned"
done
echo "temporal-schema: done"
