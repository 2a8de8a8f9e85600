#!/usr/bin/env bash
# Installs node modules from the lockfile when they are missing or older than the lockfile, on the Node the
# project asks for (scripts/runtime/node.sh), and rebuilds native addons that another Node version built.
set -euo pipefail
cd "$(dirname "$0")/.."
node_bin="$(bash scripts/runtime/node.sh)"
[ -z "$node_bin" ] || export PATH="$node_bin:$PATH"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm 11 writes lockfiles without the other platforms' optional binaries and then its own `npm ci`
  # refuses them ("Missing: @swc/core-darwin-arm64"); `npm install` honours the lockfile as well.
  npm install --no-audit --no-fund
fi
# Addons compiled at install time (node-gyp: build/Release/*.node; ssh2 and cpu-features under
# testcontainers) are tied to the ABI of the Node that built them; prebuilt N-API ones (@swc/core, ...)
# are not. The packages whose addon this node fails to load ("compiled against a different Node.js
# version", or for NAN addons "did not self-register") are rebuilt, against this node's own headers when it
# has them (the cached Node does: no download).
stale="$(node -e '
  const { readdirSync, statSync } = require("node:fs");
  const { join, sep } = require("node:path");
  const found = new Set();
  const walk = (dir) => {
    let entries;
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory() && !e.isSymbolicLink()) walk(path);
      else if (e.name.endsWith(".node") && path.includes(`${sep}build${sep}Release${sep}`) && !path.includes(`${sep}obj.target${sep}`)) {
        try { process.dlopen({ exports: {} }, path); } catch {
          const parts = path.split(`${sep}node_modules${sep}`).pop().split(sep);
          found.add(parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]);
        }
      }
    }
  };
  walk(join(process.cwd(), "node_modules"));
  console.log([...found].join(" "));
')"
if [ -n "$stale" ]; then
  headers="$(dirname "$(dirname "$(command -v node)")")"
  [ -f "$headers/include/node/common.gypi" ] && export npm_config_nodedir="$headers"
  echo "[deps] native addons built for another Node version; rebuilding on $(node --version): $stale" >&2
  # shellcheck disable=SC2086  # a list of package names
  npm rebuild $stale
fi
