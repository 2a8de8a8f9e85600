#!/usr/bin/env bash
# One line per runtime server: running/stopped, pid, port. Usage: status.sh [kafka|ferretdb|redis|all]...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
for s in $(servers_from_args "$@"); do
  if pid="$(running_pid "$s")"; then echo "$s running pid=$pid port=$(port_of "$s")"; else echo "$s stopped port=$(port_of "$s")"; fi
done
