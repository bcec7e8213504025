"""Runs dlt's rest_api_source for a batch of configs, in one process, so that dlt is imported once.

Usage: run_dlt.py JOBS_JSON
JOBS_JSON is {"destination": POSTGRES_URL, "pipelines_dir": DIR, "jobs": [{"id", "pipeline", "dataset", "config"}]}.
Each job runs its config through a pipeline that loads into the PostgreSQL schema `dataset`; the pipeline's local
state lives in DIR, so a later batch with the same pipeline names continues from it (incremental cursors, merges).
Prints one JSON list: [{"id": ..., "ok": true} | {"id": ..., "ok": false, "error": "..."}].
"""
import json
import os
import sys
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("RUNTIME__LOG_LEVEL", "ERROR")
# Tests never report usage anywhere; without a network the reporting would also wait on every run.
os.environ["RUNTIME__DLTHUB_TELEMETRY"] = "false"

import dlt  # noqa: E402
from dlt.sources.rest_api import rest_api_source  # noqa: E402


def last_cause(error: BaseException) -> BaseException:
    while error.__cause__ is not None or error.__context__ is not None:
        error = error.__cause__ or error.__context__
    return error


def with_password(url):
    """dlt insists on a password; a test cluster that trusts local connections ignores the one given here."""
    parts = urlsplit(url)
    if parts.password is not None or parts.username is None:
        return url
    netloc = f"{parts.username}:unused@{parts.netloc.split('@', 1)[1]}"
    return urlunsplit(parts._replace(netloc=netloc))


def run(job, destination, pipelines_dir):
    pipeline = dlt.pipeline(
        pipeline_name=job["pipeline"],
        destination=dlt.destinations.postgres(credentials=with_password(destination)),
        dataset_name=job["dataset"],
        pipelines_dir=pipelines_dir,
    )
    pipeline.run(rest_api_source(job["config"]))


def main():
    with open(sys.argv[1]) as handle:
        batch = json.load(handle)
    results = []
    for job in batch["jobs"]:
        try:
            run(job, batch["destination"], batch["pipelines_dir"])
            results.append({"id": job["id"], "ok": True})
        except Exception as error:  # every failure is reported, with its innermost cause
            cause = last_cause(error)
            first_line = (str(cause).strip().splitlines() or [""])[0]
            results.append({"id": job["id"], "ok": False, "error": f"{type(cause).__name__}: {first_line}"[:300]})
    print(json.dumps(results))


if __name__ == "__main__":
    main()
