#!/usr/bin/env bash
# FerretDB v1 runs update/findAndModify as "query, then write" with nothing held in between, so two
# concurrent updates of one document can lose one of them and a version-conditioned update can match
# twice (measured here: 200 concurrent $inc left n=17; 50 concurrent compare-and-set had 9 winners).
# MongoDB guarantees single-document atomicity, and this project relies on it (optimistic concurrency,
# the outbox). This patch serializes FerretDB's write commands so each is atomic, as on MongoDB.
# Usage: patch-ferretdb.sh <FerretDB source dir>
set -euo pipefail
src="$1/internal/handler"
[ -f "$src/msg_update.go" ] || { echo "not a FerretDB v1 source tree: $1" >&2; exit 1; }
cat >"$src/write_lock.go" <<'GO'
package handler

import "sync"

// writeMu serializes write commands so each read-modify-write is atomic per document, as on MongoDB.
var writeMu sync.Mutex
GO
for cmd in MsgUpdate MsgFindAndModify MsgDelete MsgInsert; do
  file="$(grep -l "^func (h \*Handler) $cmd(" "$src"/*.go)"
  sed -i "/^func (h \*Handler) $cmd(/a\\	writeMu.Lock()\\n\\tdefer writeMu.Unlock()\\n" "$file"
  grep -q "writeMu.Lock" "$file" || { echo "patching $cmd failed" >&2; exit 1; }
done
