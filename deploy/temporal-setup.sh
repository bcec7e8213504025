#!/bin/sh
# Prepares a running Temporal cluster for sluice: the namespace its workers poll, and the search attributes its
# workflows set (the list in engine/search-attributes.ts; test/unit/compose.test.ts checks both lists agree). Safe to
# run on every start. Run by the temporal-setup service of docker-compose.yml and by the production test.
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is not set: the Temporal frontend, host:port}"
TEMPORAL="${TEMPORAL_CLI:-temporal}"
NAMESPACE="${SLUICE_NAMESPACE:-default}"
# How long Temporal keeps the history of a finished sync.
RETENTION="${SLUICE_NAMESPACE_RETENTION:-7d}"
SEARCH_ATTRIBUTES="SluiceDataset SluiceSource SluiceResource SluiceState"

# Runs a command until it succeeds, for up to two minutes: a namespace just created takes a few seconds to reach
# every service.
retry() {
  attempt=1
  until "$@"; do
    [ "$attempt" -lt 60 ] || { echo "temporal-setup: gave up after $attempt attempts: $*" >&2; exit 1; }
    attempt=$((attempt + 1))
    sleep 2
  done
}

retry "$TEMPORAL" operator cluster health --address "$TEMPORAL_ADDRESS"

if "$TEMPORAL" operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "temporal-setup: namespace $NAMESPACE exists"
else
  "$TEMPORAL" operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" --retention "$RETENTION"
fi

for name in $SEARCH_ATTRIBUTES; do
  retry "$TEMPORAL" operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" \
    --name "$name" --type Keyword
done
echo "temporal-setup: done"
