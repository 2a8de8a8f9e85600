#!/usr/bin/env bash
# `make down`: stops the services, then the runtime servers; leaves no process behind.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh stop
bash scripts/runtime/stop.sh all
