#!/usr/bin/env bash
# Runs a binary of the extracted Redis packages: redis.sh redis-server|redis-cli [args...]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bin="$1"; shift
libdir="$REDIS_ROOT/usr/lib/x86_64-linux-gnu"
[ -d "$libdir" ] || libdir="$(dirname "$(find "$REDIS_ROOT/usr/lib" -name 'libjemalloc.so*' | head -1)")"
LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$REDIS_ROOT/usr/bin/$bin" "$@"
