#!/usr/bin/env bash
# `make down`: stops the services, then the runtime servers; leaves no process behind. With a Docker
# engine it also stops the docker compose project (containers and network; volumes are kept).
set -euo pipefail
cd "$(dirname "$0")/.."
if docker info >/dev/null 2>&1; then COMPOSE_PROFILES=audit,loyalty docker compose down; fi
bash scripts/services.sh stop
bash scripts/runtime/stop.sh all
