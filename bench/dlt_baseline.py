"""dlt baseline for sluice's benchmark: rest_api_source over the emulator's /v1/files, merge on file_id.

Usage: dlt_baseline.py EMULATOR_URL LIMIT DESTINATION [POSTGRES_URL]
DESTINATION is postgres or duckdb. Prints one JSON line: {"seconds": …, "rows": …}.
"""
import json
import os
import sys
import tempfile
import time

import dlt
from dlt.sources.helpers.rest_client.auth import OAuth2ClientCredentials
from dlt.sources.rest_api import rest_api_source

url, limit, destination = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.environ["RUNTIME__LOG_LEVEL"] = "ERROR"
workdir = tempfile.mkdtemp(prefix="sluice-dlt-")

source = rest_api_source({
    "client": {
        "base_url": url,
        "auth": OAuth2ClientCredentials(
            access_token_url=f"{url}/oauth2/token", client_id="sluice-client", client_secret="sluice-secret"
        ),
    },
    "resource_defaults": {"primary_key": "file_id", "write_disposition": "merge"},
    "resources": [{
        "name": "files",
        "endpoint": {"path": "/v1/files", "data_selector": "files", "paginator": {"type": "offset", "limit": limit}},
    }],
})

if destination == "postgres":
    dest = dlt.destinations.postgres(credentials=sys.argv[4])
else:
    dest = dlt.destinations.duckdb(os.path.join(workdir, "bench.duckdb"))

# A fresh dataset per run, so that a repeated run loads into an empty table as the first one did.
dataset = f"dlt_bench_{time.time_ns()}"
pipeline = dlt.pipeline(pipeline_name="sluice_bench", destination=dest, dataset_name=dataset, pipelines_dir=workdir)
started = time.monotonic()
info = pipeline.run(source)
seconds = time.monotonic() - started
with pipeline.sql_client() as client:
    rows = client.execute_sql("SELECT count(*) FROM files")[0][0]
print(json.dumps({"seconds": seconds, "rows": rows}))
