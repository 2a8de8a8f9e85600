#!/usr/bin/env bash
# Dapr sidecars (daprd, self-hosted: no placement, scheduler or sentry), one per app instance.
#   dapr.sh start <name> <app-id> <app-port> <dapr-http-port> <dapr-grpc-port> <metrics-port> <internal-grpc-port>
#   dapr.sh stop <name>|all       dapr.sh status
# <name> names the instance (pid file daprd-<name>.pid, log daprd-<name>.log); several instances may
# share an app id (three loyalty workers). Installs daprd first if it is missing (install.sh daprd).
# The components in dapr/components/ read their settings with `envRef` from daprd's environment, set
# here from these variables (defaults in brackets):
#   KAFKA_BROKERS [127.0.0.1:$KAFKA_PORT]  REDIS_HOST [127.0.0.1:$REDIS_PORT]
#   DAPR_CONSUMER_GROUP [<app-id>] (as PUBSUB_CONSUMER_GROUP)  DAPR_STATE_KEY_PREFIX [appid] (as STATE_KEY_PREFIX)
#   AUDIT_STORAGE_DIR [$CQRS_RUNTIME_DIR/audit]  LOYALTY_CRON_SCHEDULE [@every 30s]
# (daprd refuses envRef to DAPR_* names.) Components are copied to $CQRS_RUNTIME_DIR/dapr/<name>/; ${VAR}
# placeholders of the variables above in other sources (DAPR_RESOURCES_DIR) are still filled in.
# DAPR_RESOURCES_DIR / DAPR_CONFIG_FILE point at other sources (tests use them for fault components).
# App API token: daprd gets APP_API_TOKEN and sends it in the header dapr-api-token on every call to its
# app; it is DAPR_APP_API_TOKEN if set, else a fresh random one per start. Either way it is written (mode
# 600) to $CQRS_RUNTIME_DIR/dapr/<name>/app-api-token, for the caller to give the app as
# DAPR_APP_API_TOKEN (scripts/services.sh does); `dapr.sh stop` removes it.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

DAPR_DIR="$REPO_ROOT/dapr"
# shellcheck disable=SC2016  # envsubst's list of variable names, not expansions
RENDERED_VARS='${KAFKA_BROKERS} ${REDIS_HOST} ${DAPR_CONSUMER_GROUP} ${DAPR_APP_ID} ${DAPR_STATE_KEY_PREFIX} ${AUDIT_STORAGE_DIR} ${LOYALTY_CRON_SCHEDULE}'

# render <source dir> <target dir>: each YAML file with the variables above filled in (nothing else is touched).
render() {
  local f
  shopt -s nullglob
  rm -rf "$2" && mkdir -p "$2"
  # shellcheck disable=SC2094  # different directories
  for f in "$1"/*.yaml; do envsubst "$RENDERED_VARS" <"$f" >"$2/$(basename "$f")"; done
}

start_sidecar() {
  [ $# -eq 7 ] || die "usage: dapr.sh start <name> <app-id> <app-port> <dapr-http-port> <dapr-grpc-port> <metrics-port> <internal-grpc-port>"
  # Every port explicit: left to itself daprd picks its internal gRPC port at random, which can collide.
  local name="$1" app_id="$2" app_port="$3" http_port="$4" grpc_port="$5" metrics_port="$6" internal_port="$7" pid port dir
  if pid="$(running_pid "daprd-$name")"; then log "daprd $name: already running (pid $pid)"; return; fi
  "$RUNTIME_SCRIPTS/install.sh" daprd
  for port in "$http_port" "$grpc_port" "$metrics_port" "$internal_port"; do
    port_open 127.0.0.1 "$port" && die "daprd $name: port $port is already in use"
  done
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}" REDIS_HOST="${REDIS_HOST:-127.0.0.1:$REDIS_PORT}"
  export DAPR_APP_ID="$app_id" DAPR_CONSUMER_GROUP="${DAPR_CONSUMER_GROUP:-$app_id}" DAPR_STATE_KEY_PREFIX="${DAPR_STATE_KEY_PREFIX:-appid}"
  export PUBSUB_CONSUMER_GROUP="$DAPR_CONSUMER_GROUP" PUBSUB_CLIENT_ID="$app_id" STATE_KEY_PREFIX="$DAPR_STATE_KEY_PREFIX"
  export AUDIT_STORAGE_DIR="${AUDIT_STORAGE_DIR:-$STATE_DIR/audit}" LOYALTY_CRON_SCHEDULE="${LOYALTY_CRON_SCHEDULE:-@every 30s}"
  dir="$STATE_DIR/dapr/$name"
  render "${DAPR_RESOURCES_DIR:-$DAPR_DIR/components}" "$dir/resources"
  envsubst "$RENDERED_VARS" <"$DAPR_DIR/resiliency.yaml" >"$dir/resources/resiliency.yaml"
  mkdir -p "$AUDIT_STORAGE_DIR"
  local token="${DAPR_APP_API_TOKEN:-}"
  [ -n "$token" ] || token="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  (umask 077 && printf '%s' "$token" >"$dir/app-api-token")
  (cd "$STATE_DIR" && export APP_API_TOKEN="$token" && exec setsid "$DAPRD_BIN" --app-id "$app_id" --app-port "$app_port" --app-channel-address 127.0.0.1 \
    --dapr-http-port "$http_port" --dapr-grpc-port "$grpc_port" --metrics-port "$metrics_port" \
    --dapr-internal-grpc-port "$internal_port" --dapr-internal-grpc-listen-address 127.0.0.1 \
    --metrics-listen-address 127.0.0.1 --dapr-listen-addresses 127.0.0.1 --mode standalone \
    --resources-path "$dir/resources" --config "${DAPR_CONFIG_FILE:-$DAPR_DIR/config.yaml}" \
    --log-level "${DAPR_LOG_LEVEL:-warn}" >>"$LOG_DIR/daprd-$name.log" 2>&1 </dev/null 9>&-) &
  local pid=$!
  write_pid "daprd-$name" "$pid"
  # Outbound health: the API is up and every component initialised (it does not wait for the app).
  local deadline=$((SECONDS + ${DAPR_START_TIMEOUT:-60}))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/v1.0/healthz/outbound")" = 204 ]; do
    # Whether the process lives, not running_pid: until the subshell above has exec'd daprd its command
    # line is this script's, and on a loaded machine running_pid took a starting sidecar for a dead one
    # (its log not even created yet), gave up, and left it running (as services.sh's start_app).
    if ! alive "$pid"; then
      tail -n 20 "$LOG_DIR/daprd-$name.log" >&2 || true
      remove_pid "daprd-$name"
      die "daprd $name exited before it became healthy on port $http_port"
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 20 "$LOG_DIR/daprd-$name.log" >&2 || true
      stop_sidecar "$name"
      die "daprd $name did not become healthy on port $http_port after ${DAPR_START_TIMEOUT:-60} s"
    fi
    sleep 0.3
  done
  log "daprd $name ($app_id): http 127.0.0.1:$http_port, grpc $grpc_port, metrics $metrics_port (pid $(cat "$(pid_file "daprd-$name")"))"
}

stop_sidecar() {
  local name="$1" pid
  pid="$(running_pid "daprd-$name")" || { remove_pid "daprd-$name"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 15))
  while alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  remove_pid "daprd-$name"
  rm -rf "${STATE_DIR:?}/dapr/$name"
  log "daprd $name: stopped (pid $pid)"
}

# The instance names whose pid file exists.
instances() { local f; for f in "$PID_DIR"/daprd-*.pid; do [ -f "$f" ] && basename "$f" .pid | sed 's/^daprd-//'; done; true; }

cmd="${1:-status}"; shift || true
case "$cmd" in
  start) start_sidecar "$@" ;;
  stop)
    [ $# -ge 1 ] || die "usage: dapr.sh stop <name>|all"
    if [ "$1" = all ]; then for n in $(instances); do stop_sidecar "$n"; done; else stop_sidecar "$1"; fi ;;
  status) for n in $(instances); do
      if pid="$(running_pid "daprd-$n")"; then echo "daprd-$n running pid=$pid"; else echo "daprd-$n stopped"; fi
    done ;;
  *) die "usage: dapr.sh start|stop|status ..." ;;
esac
