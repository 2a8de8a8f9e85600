#!/usr/bin/env bash
# Shared by bench/run.sh and bench/chaos.sh (sourced): on exit, kill the processes the harness started if it
# died before stopping them (pid files bench-*.pid naming this repo's dist/), then stop the servers the
# script started itself (array started_runtime). Needs REPO, CQRS_RUNTIME_DIR and log().
bench_cleanup() {
  local f pid
  for f in "$CQRS_RUNTIME_DIR"/pids/bench-*.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$REPO/dist/"; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$f"
  done
  if [ ${#started_runtime[@]} -gt 0 ]; then
    bash "$REPO/scripts/runtime/stop.sh" "${started_runtime[@]}" >/dev/null 2>&1 || log "could not stop ${started_runtime[*]} in $CQRS_RUNTIME_DIR"
  fi
}
