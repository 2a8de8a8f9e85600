#!/usr/bin/env bash
# Stops runtime servers we started: SIGTERM to the server's whole session, SIGKILL after ${STOP_TIMEOUT:-20} s.
# Idempotent; afterwards no process of ours is left. Usage: stop.sh [kafka|ferretdb|redis|all]...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# The live (non-zombie) processes of a session: the server (started with setsid) and anything it spawned.
session_pids() { local p; for p in $(pgrep -s "$1" 2>/dev/null); do alive "$p" && echo "$p"; done; true; }

signal_session() { local p; for p in $(session_pids "$2"); do kill "-$1" "$p" 2>/dev/null || true; done; }

stop_one() {
  local name="$1" pid start=$SECONDS
  if ! pid="$(running_pid "$name")"; then remove_pid "$name"; log "$name: not running"; return; fi
  signal_session TERM "$pid"
  local deadline=$((SECONDS + ${STOP_TIMEOUT:-20}))
  while [ -n "$(session_pids "$pid")" ] && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if [ -n "$(session_pids "$pid")" ]; then
    log "$name: still running after ${STOP_TIMEOUT:-20} s; sending SIGKILL"
    signal_session KILL "$pid"
    deadline=$((SECONDS + 5))
    while [ -n "$(session_pids "$pid")" ] && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  fi
  [ -z "$(session_pids "$pid")" ] || die "$name: processes $(session_pids "$pid" | paste -sd' ') survive SIGKILL"
  remove_pid "$name"
  log "$name: stopped (pid $pid) in $((SECONDS - start)) s"
}

list="$(servers_from_args "$@")"
for s in $list; do stop_one "$s"; done
