#!/usr/bin/env bash
# shellcheck disable=SC2034  # variables are used by the scripts that source this file
# Shared settings and helpers for the local runtime (sourced, not run).
# The cache (downloads, builds) lives outside the repo; the state (data, pid files, logs) under .runtime/.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNTIME_SCRIPTS="$REPO_ROOT/scripts/runtime"
CACHE_DIR="${CQRS_CACHE_DIR:-$HOME/.cache/cqrs-backbone}"
STATE_DIR="${CQRS_RUNTIME_DIR:-$REPO_ROOT/.runtime}"
LOG_DIR="$STATE_DIR/logs"
PID_DIR="$STATE_DIR/pids"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${MONGO_PORT:-27017}"
REDIS_PORT="${REDIS_PORT:-6379}"

KAFKA_VERSION="${KAFKA_VERSION:-3.9.2}"
FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
# Built with patch-ferretdb.sh: the cache is keyed by the patch's content, so a changed patch is rebuilt.
FERRETDB_PATCH_ID="$(sha256sum "$(dirname "${BASH_SOURCE[0]}")/patch-ferretdb.sh" | cut -c1-10)"
FERRETDB_HOME="$CACHE_DIR/ferretdb-$FERRETDB_VERSION-patched-$FERRETDB_PATCH_ID"
FERRETDB_BIN="$FERRETDB_HOME/bin/ferretdb"
# daprd: a slim build that registers only the components the project uses (install.sh daprd); it is not
# a server of its own: dapr.sh runs one sidecar per app.
DAPR_VERSION="${DAPR_VERSION:-v1.16.5}"
DAPRD_COMPONENTS=(pubsub_kafka state_redis lock_redis bindings_cron bindings_localstorage bindings_gcp_bucket
  nameresolution_mdns secretstores_local_env secretstores_local_file zz_notag)
DAPRD_HOME="$CACHE_DIR/daprd-$DAPR_VERSION-slim"
DAPRD_BIN="$DAPRD_HOME/daprd"
# schemathesis (the API fuzzer of scripts/fuzz.sh): a Python virtualenv from PyPI, pinned.
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
SCHEMATHESIS_HOME="$CACHE_DIR/schemathesis-$SCHEMATHESIS_VERSION"
SCHEMATHESIS_BIN="$SCHEMATHESIS_HOME/bin/schemathesis"
# Node: the version .nvmrc names, from the npm registry's node-<os>-<cpu> package (node.sh puts it first on
# PATH when the machine's Node is older than package.json's engines allow).
NODE_VERSION="${NODE_VERSION:-$(tr -d ' v\n' <"$REPO_ROOT/.nvmrc")}"
NODE_HOME="$CACHE_DIR/node-$NODE_VERSION"

ALL_SERVERS=(kafka ferretdb redis)

mkdir -p "$CACHE_DIR" "$LOG_DIR" "$PID_DIR"

log() { printf '[runtime] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Expands "all" (or nothing) into every server; validates names.
servers_from_args() {
  if [ $# -eq 0 ] || [ "$1" = all ]; then printf '%s\n' "${ALL_SERVERS[@]}"; return; fi
  local s
  for s in "$@"; do
    case "$s" in kafka|ferretdb|redis) echo "$s" ;; *) die "unknown server '$s' (kafka|ferretdb|redis|all)" ;; esac
  done
}

port_of() {
  case "$1" in kafka) echo "$KAFKA_PORT" ;; ferretdb) echo "$MONGO_PORT" ;; redis) echo "$REDIS_PORT" ;; esac
}

# The installed Redis (redis-<version>/root), whatever Debian version it was when installed.
redis_root() {
  local d
  for d in "$CACHE_DIR"/redis-*/; do [ -f "$d.complete" ] && { echo "${d}root"; return; }; done
  return 1
}

# port_open <host> <port>: something accepts TCP connections there.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for_port <host> <port> <timeout-seconds>
wait_for_port() {
  local deadline=$((SECONDS + $3))
  until port_open "$1" "$2"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.3
  done
}

# --- pid files: one per server; a pid counts only while its command line is still that server's ---
pid_file() { echo "$PID_DIR/$1.pid"; }
write_pid() { echo "$2" >"$(pid_file "$1")"; }
remove_pid() { rm -f "$(pid_file "$1")"; }

# alive <pid>: the process exists and is not a zombie.
alive() { local st; st="$(ps -o stat= -p "$1" 2>/dev/null)" && [ "${st:0:1}" != Z ]; }

# Prints the pid of the server we started, if it is still alive (guards against a reused pid).
running_pid() {
  local f pid pattern
  f="$(pid_file "$1")"
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  case "$1" in
    kafka) pattern=kafka.Kafka ;;
    ferretdb) pattern=bin/ferretdb ;;
    redis) pattern=redis-server ;;
    svc-*) pattern="dist/apps/${1#svc-}/" ;;
    daprd-*) pattern="daprd --app-id" ;;
    *) pattern="${2:?running_pid: no command-line pattern for $1}" ;;
  esac
  alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$pattern" && echo "$pid"
}

# with_lock <file> <command...>: runs the command holding the lock (fd 9), so concurrent callers take turns.
# Servers must not inherit fd 9 (they would hold the lock for their lifetime): start.sh closes it for them.
with_lock() {
  local file="$1"; shift
  exec 9>"$file"
  flock 9
  "$@"
  exec 9>&-
}
