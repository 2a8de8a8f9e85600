#!/usr/bin/env bash
# Resiliency demonstration (after `make up`): gives orders a Dapr sidecar (app id `orders`) and the load
# generator one of its own (app id `loadgen`), then places orders for 10 customers directly and through
# service invocation while orders is restarted; prints the successes of both paths. The sidecars are
# stopped afterwards. LOADGEN_DURATION_MS, LOADGEN_CONCURRENCY, LOADGEN_RESTART_AFTER_MS tune it;
# LOADGEN_RESTART replaces the restart command.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=runtime/lib.sh
source scripts/runtime/lib.sh
orders_port="${ORDERS_PORT:-3002}"
running_pid svc-orders >/dev/null || die "orders is not running: make up first"
cleanup() { bash scripts/runtime/dapr.sh stop loadgen || true; bash scripts/runtime/dapr.sh stop orders || true; }
trap cleanup EXIT
bash scripts/runtime/dapr.sh start orders orders "$orders_port" "${ORDERS_DAPR_HTTP_PORT:-3502}" "${ORDERS_DAPR_GRPC_PORT:-50002}" \
  "${ORDERS_DAPR_METRICS_PORT:-9092}" "${ORDERS_DAPR_INTERNAL_PORT:-50102}"
# The caller's sidecar has no app behind it; the resiliency policy for app `orders` applies on this side.
bash scripts/runtime/dapr.sh start loadgen loadgen "${LOADGEN_APP_PORT:-3599}" "${LOADGEN_DAPR_HTTP_PORT:-3509}" \
  "${LOADGEN_DAPR_GRPC_PORT:-50009}" "${LOADGEN_DAPR_METRICS_PORT:-9099}" "${LOADGEN_DAPR_INTERNAL_PORT:-50109}"
export LOADGEN_DAPR_URL="http://127.0.0.1:${LOADGEN_DAPR_HTTP_PORT:-3509}" ORDERS_URL="http://127.0.0.1:$orders_port"
export LOADGEN_RESTART="${LOADGEN_RESTART:-bash scripts/services.sh stop orders && bash scripts/services.sh start orders}"
node dist/tools/loadgen/main.js
metrics="http://127.0.0.1:${LOADGEN_DAPR_METRICS_PORT:-9099}/metrics"
echo "[loadgen] the caller sidecar's resiliency metrics ($metrics):"
curl -s "$metrics" | grep -E '^dapr_resiliency_(activations|count)_total' | grep 'orders' || echo "  (none: nothing failed)"
