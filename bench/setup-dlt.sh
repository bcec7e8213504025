#!/usr/bin/env bash
# Installs dlt for the benchmark's baseline into a project-local virtualenv (.tools/dlt-venv); idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x .tools/dlt-venv/bin/python ] && .tools/dlt-venv/bin/python -c 'import dlt' 2>/dev/null; then exit 0; fi
echo "[bench] installing dlt[postgres,duckdb] into .tools/dlt-venv (once)…" >&2
python3 -m venv .tools/dlt-venv
.tools/dlt-venv/bin/pip install --quiet "dlt[postgres,duckdb]==1.31.0"
