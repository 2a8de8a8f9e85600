#!/usr/bin/env bash
# Prints the directory to put first on PATH so that node, npm, npx and everything they start run on the
# Node that package.json's engines ask for: nothing when the machine's node already satisfies it, else the
# bin/ of Node $NODE_VERSION (.nvmrc), installed into the cache first (install.sh node). Usage, from a script:
#   node_bin="$(bash scripts/runtime/node.sh)"; [ -z "$node_bin" ] || export PATH="$node_bin:$PATH"
# npm and npx stay the machine's (the node-linux package holds node only); they run on the node found first.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# engines.node is ">=<version>": the lowest version the project runs on.
minimum="$(grep -o '"node": *">=[0-9.]*"' "$REPO_ROOT/package.json" | head -n 1 | sed 's/.*>=\([0-9.]*\)"/\1/')"
[ -n "$minimum" ] || die "package.json: engines.node is not of the form \">=<version>\""
current="$(node -p process.versions.node 2>/dev/null || true)"
# version_at_least <version> <minimum>
version_at_least() { [ -n "$1" ] && [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }
if version_at_least "$current" "$minimum"; then exit 0; fi
version_at_least "$NODE_VERSION" "$minimum" || die ".nvmrc names Node $NODE_VERSION, below package.json's engines (>=$minimum)"
log "node: the machine's is ${current:-missing}, the project needs >=$minimum: using Node $NODE_VERSION from the cache"
"$RUNTIME_SCRIPTS/install.sh" node >&2
echo "$NODE_HOME/bin"
