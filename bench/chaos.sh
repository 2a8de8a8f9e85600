#!/usr/bin/env bash
# `make chaos`: breaks the system on purpose and checks its promises (see bench/README.md#chaos):
# a Kafka outage and a MongoDB-wire outage under command load, SIGKILLs of the stream processor during a
# replay and of accounts/orders under load, a scaled-out stream processor whose members come and go
# during a replay, poison records mixed into real traffic. Table on stdout,
# results in bench/results/chaos-<timestamp>.json; exit 1 if any check fails.
#
# Full size runs on a runtime of its own (Kafka + FerretDB in .runtime-chaos/, other ports), wiped first:
# it stops and starts those servers, which must not be the ones `make up` serves from, and it writes
# half a million events. `--small` (a step of `make test`) runs every scenario at a small size on the
# runtime that is already there (the test runtime: KAFKA_PORT/MONGO_PORT, started if needed), with its
# own ids, databases and consumer groups; it stops and starts that runtime's Kafka and FerretDB.
#
# Usage: bench/chaos.sh [--small] [--scenarios broker,kills,scale-out,service-kills,poison,mongo] [--out file]
# Isolated runtime: CHAOS_RUNTIME_DIR, CHAOS_KAFKA_PORT (19192), CHAOS_KAFKA_CONTROLLER_PORT (19193), CHAOS_MONGO_PORT (27217).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
log() { printf '[chaos] %s\n' "$*" >&2; }

small=0
for a in "$@"; do [ "$a" = --small ] && small=1; done
if [ "$small" = 1 ]; then
  export CQRS_RUNTIME_DIR="${CQRS_RUNTIME_DIR:-$REPO/.runtime}"
else
  export CQRS_RUNTIME_DIR="${CHAOS_RUNTIME_DIR:-$REPO/.runtime-chaos}"
  export KAFKA_PORT="${CHAOS_KAFKA_PORT:-19192}" KAFKA_CONTROLLER_PORT="${CHAOS_KAFKA_CONTROLLER_PORT:-19193}" MONGO_PORT="${CHAOS_MONGO_PORT:-27217}"
fi
export KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT:-9092}" MONGO_URL="mongodb://127.0.0.1:${MONGO_PORT:-27017}"

started_runtime=()
# shellcheck source=lib.sh
source "$REPO/bench/lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

start=$SECONDS
bash scripts/ensure-deps.sh
[ -f dist/apps/stream-processor/src/main.js ] && [ -z "$(find apps libs tools -name '*.ts' -newer dist/apps/stream-processor/src/main.js -print -quit)" ] || { log "building the services"; npm run --silent build; }
[ -f dist/bench/src/chaos/main.js ] && [ -z "$(find bench apps libs -name '*.ts' -newer dist/bench/src/chaos/main.js -print -quit)" ] || { log "building the chaos harness"; npm run --silent build:bench; }

if [ "$small" = 1 ]; then
  for s in kafka ferretdb; do bash scripts/runtime/status.sh "$s" | grep -q running || started_runtime+=("$s"); done
  if [ ${#started_runtime[@]} -gt 0 ]; then log "starting the local runtime: ${started_runtime[*]}"; bash scripts/runtime/start.sh "${started_runtime[@]}"; fi
else
  log "fresh runtime in $CQRS_RUNTIME_DIR (kafka $KAFKA_PORT, ferretdb $MONGO_PORT)"
  started_runtime=(kafka ferretdb)
  bash scripts/runtime/stop.sh kafka ferretdb >/dev/null 2>&1 || true
  bash scripts/runtime/reset.sh >/dev/null 2>&1
  bash scripts/runtime/start.sh kafka ferretdb
fi
node dist/tools/topics/main.js >/dev/null

status=0
node dist/bench/src/chaos/main.js --runtime-dir "$CQRS_RUNTIME_DIR" "$@" || status=$?
log "done in $((SECONDS - start)) s (exit $status)"
exit "$status"
