#!/usr/bin/env bash
# Stops every runtime server and wipes their data, pid files and logs (the cache of downloads and builds stays).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
"$RUNTIME_SCRIPTS/stop.sh" all
rm -rf "$STATE_DIR/kafka" "$STATE_DIR/ferretdb" "$STATE_DIR/redis" "$STATE_DIR/dump.rdb"
rm -f "$LOG_DIR"/kafka*.log* "$LOG_DIR/ferretdb.log" "$LOG_DIR/redis.log"
log "runtime data wiped in $STATE_DIR (cache kept: $CACHE_DIR)"
