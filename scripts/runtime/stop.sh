#!/usr/bin/env bash
# Stops runtime servers: SIGTERM, then SIGKILL after 20 s. Idempotent. Usage: stop.sh [kafka|ferretdb|redis|all]...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

stop_one() {
  local name="$1" pid
  pid="$(running_pid "$name")" || { rm -f "$(pid_file "$name")"; return; }
  # The server is its own process group leader (setsid): signal the whole group.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 20))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop in 20 s; killing"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$name")"
  log "$name stopped"
}

for s in $(servers_from_args "$@"); do stop_one "$s"; done
