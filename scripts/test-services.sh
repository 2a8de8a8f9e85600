#!/usr/bin/env bash
# Starts all six built services for a test run against the running runtime, each on state of its own named
# after <run-id>: databases, consumer groups, Dapr consumer group, state keys and audit folder, so the run
# neither sees nor disturbs earlier data (a fresh group replays the topics from the beginning). Ports come
# from the usual <APP>_PORT / <APP>_DAPR_*_PORT variables (scripts/services.sh). Stop with services.sh stop.
# Usage: test-services.sh <run-id>     (used by make test for newman and by scripts/fuzz.sh --start)
set -euo pipefail
cd "$(dirname "$0")/.."
run_id="${1:?usage: test-services.sh <run-id>}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
node dist/tools/topics/main.js >/dev/null
# First, so that it has replayed the topics (everything the tests before wrote) by the time the tests ask.
MONGO_DB="streams_$run_id" KAFKA_GROUP_ID="streams_$run_id" bash scripts/services.sh start stream-processor
MONGO_DB="accounts_$run_id" bash scripts/services.sh start accounts
MONGO_DB="orders_$run_id" KAFKA_GROUP_ID="orders_$run_id" bash scripts/services.sh start orders
MONGO_DB="catalog_$run_id" KAFKA_GROUP_ID="catalog_$run_id" bash scripts/services.sh start catalog
# The cron runs every 2 s (unless told otherwise) so that tests see points soon.
DAPR_CONSUMER_GROUP="dapr_$run_id" DAPR_STATE_KEY_PREFIX="$run_id" AUDIT_STORAGE_DIR="${CQRS_RUNTIME_DIR:-$PWD/.runtime}/audit_$run_id" \
  LOYALTY_CRON_SCHEDULE="${LOYALTY_CRON_SCHEDULE:-@every 2s}" bash scripts/services.sh start audit loyalty
