#!/usr/bin/env bash
# `docker compose config` without Docker: loads docker-compose.yml (or the files named) with compose-go,
# the Compose Specification's loader that docker compose itself is built on — interpolation from the
# environment and .env, YAML anchors and merges, validation against the Compose schema, consistency (an
# undefined volume, network or service is an error), normalisation — and prints the resolved model, or
# fails with the reason. COMPOSE_PROFILES applies as in docker compose: a service of a profile not enabled
# is left out. Runs in the repository root. Usage: compose-config.sh [--format yaml|json] [file...]
# The command is scripts/deploy/compose-config/ (main.go, about 50 lines, on compose-go v2.16.2 as go.mod
# pins it), built once into the cache, keyed by its sources; its dependencies come from the Go module proxy
# (a few seconds). No Docker CLI or engine is involved.
set -euo pipefail
# shellcheck source=../runtime/lib.sh
source "$(dirname "$0")/../runtime/lib.sh"

src="$REPO_ROOT/scripts/deploy/compose-config"
home="$CACHE_DIR/compose-config-$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-10)"

build() {
  if [ -f "$home/.complete" ]; then return; fi
  command -v go >/dev/null || die "go is required (Go 1.24 or newer) to build scripts/deploy/compose-config"
  local start=$SECONDS
  log "compose-config: building scripts/deploy/compose-config (compose-go from the Go module proxy), once"
  rm -rf "$home" && mkdir -p "$home"
  (cd "$src" && GOTOOLCHAIN=local CGO_ENABLED=0 go build -trimpath -ldflags=-s -o "$home/compose-config" .) >"$home/build.log" 2>&1 ||
    { tail -n 30 "$home/build.log" >&2; die "building compose-config failed; full output in $home/build.log"; }
  touch "$home/.complete"
  log "compose-config: built in $((SECONDS - start)) s into $home"
}

with_lock "$CACHE_DIR/.compose-config.lock" build
cd "$REPO_ROOT"
exec "$home/compose-config" "$@"
