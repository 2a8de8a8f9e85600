#!/usr/bin/env bash
# One line per runtime server: running/stopped, pid, port. Usage: status.sh [kafka|ferretdb|redis|all]...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
list="$(servers_from_args "$@")"
for s in $list; do
  if pid="$(running_pid "$s")"; then state=running; else state=stopped pid=-; fi
  printf '%-8s %-7s pid=%-7s port=%s\n' "$s" "$state" "$pid" "$(port_of "$s")"
done
