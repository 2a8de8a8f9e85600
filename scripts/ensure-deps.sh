#!/usr/bin/env bash
# Installs node modules from the lockfile when they are missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm 11 writes lockfiles without the other platforms' optional binaries and then its own `npm ci`
  # refuses them ("Missing: @swc/core-darwin-arm64"); `npm install` honours the lockfile as well.
  npm install --no-audit --no-fund
fi
