#!/usr/bin/env bash
# `make bench`: P1 projection throughput, P2 freshness and P3 command path, each beside its baseline in
# the same run, on a runtime of its own (Kafka + FerretDB in .runtime-bench/, other ports: never the
# developer runtime). Builds if needed, wipes and starts that runtime, creates the topics, runs
# dist/bench/src/main.js (results in bench/results/<timestamp>.json, table on stdout), stops what it started.
#
# Usage: bench/run.sh [--smoke] [--parts P1,P2,P3] [--out file]   (BENCH_SCALE=smoke is --smoke)
# --smoke runs every part small (5,000 events, seconds of load) and fails only on wrong results, never on timings.
# Env: BENCH_RUNTIME_DIR, BENCH_KAFKA_PORT (19092), BENCH_KAFKA_CONTROLLER_PORT (19093), BENCH_MONGO_PORT (27117).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"

export CQRS_RUNTIME_DIR="${BENCH_RUNTIME_DIR:-$REPO/.runtime-bench}"
export KAFKA_PORT="${BENCH_KAFKA_PORT:-19092}"
export KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-19093}"
export MONGO_PORT="${BENCH_MONGO_PORT:-27117}"
BROKERS="127.0.0.1:$KAFKA_PORT"
args=()
[ "${BENCH_SCALE:-full}" = smoke ] && args+=(--smoke)
args+=("$@")

log() { printf '[bench] %s\n' "$*" >&2; }

# Processes the harness started (pid files bench-*.pid) if it died before stopping them, then our servers.
cleanup() {
  local f pid
  for f in "$CQRS_RUNTIME_DIR"/pids/bench-*.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$REPO/dist/"; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$f"
  done
  bash scripts/runtime/stop.sh kafka ferretdb >/dev/null 2>&1 || log "could not stop the bench runtime in $CQRS_RUNTIME_DIR"
}
trap cleanup EXIT
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

log "fresh runtime in $CQRS_RUNTIME_DIR (kafka $KAFKA_PORT, ferretdb $MONGO_PORT)"
bash scripts/runtime/reset.sh >/dev/null 2>&1
bash scripts/runtime/start.sh kafka ferretdb
KAFKA_BROKERS="$BROKERS" node dist/tools/topics/main.js >/dev/null

status=0
node dist/bench/src/main.js --brokers "$BROKERS" --mongo-url "mongodb://127.0.0.1:$MONGO_PORT" --runtime-dir "$CQRS_RUNTIME_DIR" "${args[@]}" || status=$?
log "done in $((SECONDS - start)) s (exit $status)"
exit "$status"
