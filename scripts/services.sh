#!/usr/bin/env bash
# Starts/stops the built services as background processes (pids and logs beside the runtime's).
# Usage: services.sh start|stop|status [accounts orders ...]
set -euo pipefail
# shellcheck source=runtime/lib.sh
source "$(dirname "$0")/runtime/lib.sh"

# The servers of this runtime (KAFKA_PORT/MONGO_PORT: make up's or make test's) unless named otherwise.
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}" MONGO_URL="${MONGO_URL:-mongodb://127.0.0.1:$MONGO_PORT}"
APPS_ALL=(accounts orders catalog stream-processor audit loyalty)
declare -A DEFAULT_PORT=([accounts]=3001 [orders]=3002 [catalog]=3003 [stream-processor]=3006 [audit]=3004 [loyalty]=3005)
# Apps with a Dapr sidecar: its HTTP, gRPC, metrics and internal gRPC ports (<APP>_DAPR_HTTP_PORT,
# _GRPC_PORT, _METRICS_PORT, _INTERNAL_PORT).
declare -A DAPR_DEFAULT_PORTS=([audit]="3504 50004 9094 50104" [loyalty]="3505 50005 9095 50105")
port_var() { echo "$(echo "$1" | tr '[:lower:]-' '[:upper:]_')_PORT"; }
app_port() { local v; v="$(port_var "$1")"; echo "${!v:-${DEFAULT_PORT[$1]}}"; }
# dapr_ports <app>: "<http> <grpc> <metrics>" for its sidecar, each overridable by the environment.
dapr_ports() {
  local prefix d
  prefix="$(echo "$1" | tr '[:lower:]-' '[:upper:]_')_DAPR"
  read -r -a d <<<"${DAPR_DEFAULT_PORTS[$1]}"
  local h="${prefix}_HTTP_PORT" g="${prefix}_GRPC_PORT" m="${prefix}_METRICS_PORT" i="${prefix}_INTERNAL_PORT"
  echo "${!h:-${d[0]}} ${!g:-${d[1]}} ${!m:-${d[2]}} ${!i:-${d[3]}}"
}

start_app() {
  local app="$1" port; port="$(app_port "$app")"
  if running_pid "svc-$app" >/dev/null; then log "$app already running on $port"; return; fi
  port_open 127.0.0.1 "$port" && die "port $port (for $app) is taken; set $(port_var "$app")"
  [ -f "$REPO_ROOT/dist/apps/$app/src/main.js" ] || die "dist/apps/$app is missing: run 'npm run build' first"
  local dhttp=""
  if [ -n "${DAPR_DEFAULT_PORTS[$app]:-}" ]; then
    local dgrpc dmetrics dinternal
    read -r dhttp dgrpc dmetrics dinternal <<<"$(dapr_ports "$app")"
    "$REPO_ROOT/scripts/runtime/dapr.sh" start "$app" "$app" "$port" "$dhttp" "$dgrpc" "$dmetrics" "$dinternal"
  fi
  (
    if [ -n "$dhttp" ]; then
      # The token this sidecar sends (DAPR_APP_API_TOKEN, else the random one dapr.sh made): the app's
      # routes daprd calls refuse anyone without it. Exported, never on a command line.
      export DAPR_HTTP_PORT="$dhttp" DAPR_APP_API_TOKEN
      DAPR_APP_API_TOKEN="$(cat "$STATE_DIR/dapr/$app/app-api-token")"
    fi
    export HTTP_PORT="$port"
    # The app's process environment, as every launcher gives it (libs/platform/src/runtime/service-process-env.ts).
    while IFS= read -r -d '' var; do export "${var?}"; done < <(node -e 'for (const [k, v] of Object.entries(require(process.argv[1]).serviceProcessEnv(process.argv[2]))) process.stdout.write(`${k}=${v}\0`)' "$REPO_ROOT/dist/libs/platform/src/runtime/service-process-env.js" "$app")
    exec setsid node "$REPO_ROOT/dist/apps/$app/src/main.js"
  ) >>"$LOG_DIR/$app.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$(pid_file "svc-$app")"
  local started=$SECONDS deadline=$((SECONDS + 60))
  until [ "$(curl -s -m 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" = 200 ]; do
    # Whether the process lives, not running_pid: until the subshell above has exec'd node (after reading
    # the sidecar's token), its command line is still this script's, and a loaded machine is slow to get
    # there — running_pid's command-line check then took a starting service for a dead one.
    if ! alive "$pid"; then
      log "$app died while starting; the end of its log ($LOG_DIR/$app.log):"
      tail -n 20 "$LOG_DIR/$app.log" >&2
      die "$app exited before it became healthy on port $port"
    fi
    if [ $SECONDS -ge $deadline ]; then
      # Alive but not ready: which readiness check says no, and the end of its log.
      log "$app is alive but not ready after 60 s; its /health says: $(curl -s -m 10 "http://127.0.0.1:$port/health")"
      tail -n 20 "$LOG_DIR/$app.log" >&2
      die "$app did not become healthy on port $port"
    fi
    sleep 0.3
  done
  log "$app is up on http://127.0.0.1:$port (ready after $((SECONDS - started)) s)"
}

stop_app() {
  local app="$1" pid
  if ! pid="$(running_pid "svc-$app")"; then
    # A pid file without its process: the service died while nobody was watching; say so, with why.
    if [ -f "$(pid_file "svc-$app")" ]; then
      log "$app had died before it was stopped; the end of its log ($LOG_DIR/$app.log):"
      tail -n 20 "$LOG_DIR/$app.log" >&2
    fi
    rm -f "$(pid_file "svc-$app")"
    return
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 15))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$(pid_file "svc-$app")"
  log "$app stopped"
}

stop_sidecar() { if [ -n "${DAPR_DEFAULT_PORTS[$1]:-}" ]; then "$REPO_ROOT/scripts/runtime/dapr.sh" stop "$1"; fi; }

cmd="${1:-status}"; shift || true
apps=("$@"); [ ${#apps[@]} -eq 0 ] && apps=("${APPS_ALL[@]}")
for app in "${apps[@]}"; do
  case "$cmd" in
    start) start_app "$app" ;;
    # The sidecar first: it keeps calling the app (cron, deliveries), which holds its HTTP server open.
    stop) stop_sidecar "$app"; stop_app "$app" ;;
    status) if pid="$(running_pid "svc-$app")"; then echo "$app running pid=$pid port=$(app_port "$app")"; else echo "$app stopped"; fi ;;
    *) die "usage: services.sh start|stop|status [app...]" ;;
  esac
done
