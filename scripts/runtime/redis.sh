#!/usr/bin/env bash
# Runs a binary of the extracted Redis packages with their own shared libraries:
# redis.sh redis-server|redis-cli|redis-benchmark [args...]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
root="$(redis_root)" || die "redis is not installed: run scripts/runtime/install.sh redis"
bin="$1"; shift
libs="$(find "$root" -name '*.so*' -printf '%h\n' | sort -u | paste -sd:)"
LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$root/usr/bin/$bin" "$@"
