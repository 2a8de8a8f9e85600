#!/usr/bin/env bash
# shellcheck disable=SC2034  # variables are used by the scripts that source this file
# Shared settings and helpers for the local runtime (sourced, not run).
# Cache (downloads, builds) lives outside the repo; state (data, pids, logs) under .runtime/.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${CQRS_CACHE_DIR:-$HOME/.cache/cqrs-backbone}"
STATE_DIR="${CQRS_RUNTIME_DIR:-$REPO_ROOT/.runtime}"
LOG_DIR="$STATE_DIR/logs"
PID_DIR="$STATE_DIR/pids"

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${MONGO_PORT:-27017}"
REDIS_PORT="${REDIS_PORT:-6379}"

KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
# "-atomic": built with patch-ferretdb.sh (single-document atomic writes, as MongoDB guarantees).
FERRETDB_BIN="$CACHE_DIR/ferretdb-$FERRETDB_VERSION-atomic/bin/ferretdb"
REDIS_ROOT="$CACHE_DIR/redis/root"

ALL_SERVERS=(kafka ferretdb redis)

mkdir -p "$CACHE_DIR" "$LOG_DIR" "$PID_DIR"

log() { printf '[runtime] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Expands "all" (or nothing) into every server; validates names.
servers_from_args() {
  if [ $# -eq 0 ] || [ "$1" = all ]; then printf '%s\n' "${ALL_SERVERS[@]}"; return; fi
  for s in "$@"; do
    case "$s" in kafka|ferretdb|redis) echo "$s" ;; *) die "unknown server '$s' (kafka|ferretdb|redis|all)" ;; esac
  done
}

port_of() {
  case "$1" in kafka) echo "$KAFKA_PORT" ;; ferretdb) echo "$MONGO_PORT" ;; redis) echo "$REDIS_PORT" ;; esac
}

pid_file() { echo "$PID_DIR/$1.pid"; }

# Prints the pid if the server we started is alive.
running_pid() {
  local f; f="$(pid_file "$1")"
  [ -f "$f" ] || return 1
  local pid; pid="$(cat "$f")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for <timeout-seconds> <description> <command...>
wait_for() {
  local timeout="$1" what="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.5
  done
  log "$what is up"
}

# Runs a command while holding the cache lock, so concurrent installs never corrupt the cache.
with_cache_lock() {
  exec 9>"$CACHE_DIR/.lock"
  flock 9
  "$@"
  flock -u 9
}
