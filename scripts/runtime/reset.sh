#!/usr/bin/env bash
# Stops every server and wipes their data (the cache of downloads and builds is kept).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
"$(dirname "$0")/stop.sh" all
rm -rf "$STATE_DIR/kafka" "$STATE_DIR/ferretdb" "$STATE_DIR/dump.rdb"
log "runtime data wiped ($STATE_DIR)"
