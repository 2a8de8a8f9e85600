#!/usr/bin/env bash
# `make bench`: P1 projection throughput, P2 freshness, P3 command path and P4 rebuild, each beside its
# baseline in the same run, on a runtime of its own (Kafka + FerretDB in .runtime-bench/, other ports:
# never the developer or test runtime). Builds if needed, wipes and starts that runtime, creates the
# topics, runs dist/bench/src/main.js (results in bench/results/<timestamp>.json, table on stdout), and
# stops what it started.
#
# `--smoke` (`make bench-smoke`, and a step of `make test`) is a correctness check at a tiny size (a few
# thousand events, seconds of load) that fails only on wrong results, never on timings. It runs on the
# runtime that is already there — KAFKA_BROKERS/MONGO_URL if set, else the local runtime on
# KAFKA_PORT/MONGO_PORT (9092/27017), started here (and stopped after) if it is not running — with its
# own product ids, databases and consumer groups, so the topics may hold other events.
#
# Usage: bench/run.sh [--smoke] [--parts P1,P2,P3,P4] [--out file]   (BENCH_SCALE=smoke is --smoke)
# Scale (full run): BENCH_EVENTS (1,000,000), BENCH_PRODUCTS (10,000), BENCH_NAIVE_EVENTS (20,000),
#   BENCH_P2_SECONDS (20), BENCH_FETCH_MAX_BYTES (8 MiB); any of them makes the scale "custom".
# Isolated runtime: BENCH_RUNTIME_DIR, BENCH_KAFKA_PORT (19092), BENCH_KAFKA_CONTROLLER_PORT (19093), BENCH_MONGO_PORT (27117).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"

smoke=0
[ "${BENCH_SCALE:-full}" = smoke ] && smoke=1
for a in "$@"; do [ "$a" = --smoke ] && smoke=1; done
args=("$@")
[ "${BENCH_SCALE:-full}" = smoke ] && args+=(--smoke)

log() { printf '[bench] %s\n' "$*" >&2; }

started_runtime=()
if [ "$smoke" = 1 ]; then
  # The test runtime (or whatever KAFKA_BROKERS/MONGO_URL name): never wiped, never reconfigured.
  export CQRS_RUNTIME_DIR="${CQRS_RUNTIME_DIR:-$REPO/.runtime}"
  BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
  MONGO="${MONGO_URL:-mongodb://127.0.0.1:${MONGO_PORT:-27017}}"
  args+=(--shared-runtime)
else
  export CQRS_RUNTIME_DIR="${BENCH_RUNTIME_DIR:-$REPO/.runtime-bench}"
  export KAFKA_PORT="${BENCH_KAFKA_PORT:-19092}"
  export KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-19093}"
  export MONGO_PORT="${BENCH_MONGO_PORT:-27117}"
  BROKERS="127.0.0.1:$KAFKA_PORT"
  MONGO="mongodb://127.0.0.1:$MONGO_PORT"
fi

# shellcheck source=lib.sh
source "$REPO/bench/lib.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# stale <marker> <dir>...: the marker is missing or some source under the dirs is newer.
stale() {
  local marker="$1"; shift
  [ ! -f "$marker" ] || [ -n "$(find "$@" -name '*.ts' -newer "$marker" -print -quit)" ]
}

start=$SECONDS
bash scripts/ensure-deps.sh
if stale dist/apps/stream-processor/src/main.js apps libs tools; then log "building the services"; npm run --silent build; fi
if stale dist/bench/src/main.js bench apps libs; then log "building the benchmark"; npm run --silent build:bench; fi

if [ "$smoke" = 1 ]; then
  if [ -z "${KAFKA_BROKERS:-}" ]; then
    for s in kafka ferretdb; do bash scripts/runtime/status.sh "$s" | grep -q running || started_runtime+=("$s"); done
    if [ ${#started_runtime[@]} -gt 0 ]; then log "starting the local runtime: ${started_runtime[*]}"; bash scripts/runtime/start.sh "${started_runtime[@]}"; fi
  fi
  log "smoke on the runtime at $BROKERS, $MONGO"
else
  log "fresh runtime in $CQRS_RUNTIME_DIR (kafka $KAFKA_PORT, ferretdb $MONGO_PORT)"
  started_runtime=(kafka ferretdb)
  bash scripts/runtime/stop.sh kafka ferretdb >/dev/null 2>&1 || true
  bash scripts/runtime/reset.sh >/dev/null 2>&1
  bash scripts/runtime/start.sh kafka ferretdb
fi
KAFKA_BROKERS="$BROKERS" node dist/tools/topics/main.js >/dev/null

status=0
node dist/bench/src/main.js --brokers "$BROKERS" --mongo-url "$MONGO" --runtime-dir "$CQRS_RUNTIME_DIR" "${args[@]}" || status=$?
log "done in $((SECONDS - start)) s (exit $status)"
exit "$status"
