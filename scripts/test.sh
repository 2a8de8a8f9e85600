#!/usr/bin/env bash
# `make test`: lint, types, unit, npm audit (scripts/npm-audit.sh), then integration, end-to-end, the
# Postman collection (newman), the API fuzzer (schemathesis), the benchmark at a tiny size (correctness
# only, on the same servers), the chaos scenarios at a small size and, last, the card-number leak check
# against real servers. Servers come from KAFKA_BROKERS/MONGO_URL/REDIS_URL if
# set, else testcontainers where a Docker engine answers, else the local runtime (started and stopped
# here if it was not already running).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
step() { printf '\n==> %s (%ds)\n' "$*" $((SECONDS - start)); }

step "dependencies"; bash scripts/ensure-deps.sh
step "lint"; npm run --silent lint
step "typecheck"; npm run --silent typecheck
step "unit tests"; npx jest --selectProjects unit --ci
step "deployment files (compose, helm) offline validation"; bash scripts/validate-deploy.sh

step "build"; npm run --silent build
step "npm audit (production dependencies; high and critical)"; bash scripts/npm-audit.sh

started_runtime=()
cleanup() {
  bash scripts/services.sh stop >/dev/null 2>&1 || true
  bash scripts/runtime/dapr.sh stop all >/dev/null 2>&1 || true
  if [ ${#started_runtime[@]} -gt 0 ]; then bash scripts/runtime/stop.sh "${started_runtime[@]}"; fi
}
trap cleanup EXIT
if [ -z "${KAFKA_BROKERS:-}" ] && ! docker info >/dev/null 2>&1; then
  for s in kafka ferretdb redis; do
    bash scripts/runtime/status.sh "$s" | grep -q running || started_runtime+=("$s")
  done
  step "local runtime (starting: ${started_runtime[*]:-none})"
  [ ${#started_runtime[@]} -gt 0 ] && bash scripts/runtime/start.sh "${started_runtime[@]}"
fi
export KEEP_RUNTIME=1

step "integration tests"; npx jest --selectProjects integration --runInBand --ci
step "chromium for the dashboard test"; bash scripts/ensure-chromium.sh
# The Dapr tests start real sidecars through scripts/runtime/dapr.sh; a missing daprd is built here
# (from the Go module proxy, about 3 minutes on 2 cores) rather than inside a test's timeout.
step "daprd"; bash scripts/runtime/install.sh daprd
step "end-to-end tests"; npx jest --selectProjects e2e --runInBand --ci

step "Postman collection (newman) against running services"
run_id="newman_$(date +%s)"
export ACCOUNTS_PORT="${TEST_ACCOUNTS_PORT:-3901}" ORDERS_PORT="${TEST_ORDERS_PORT:-3902}" CATALOG_PORT="${TEST_CATALOG_PORT:-3903}"
export STREAM_PROCESSOR_PORT="${TEST_STREAM_PROCESSOR_PORT:-3906}"
export AUDIT_PORT="${TEST_AUDIT_PORT:-3904}" LOYALTY_PORT="${TEST_LOYALTY_PORT:-3905}"
export AUDIT_DAPR_HTTP_PORT="${TEST_AUDIT_DAPR_HTTP_PORT:-3914}" AUDIT_DAPR_GRPC_PORT="${TEST_AUDIT_DAPR_GRPC_PORT:-3924}"
export AUDIT_DAPR_METRICS_PORT="${TEST_AUDIT_DAPR_METRICS_PORT:-3934}" AUDIT_DAPR_INTERNAL_PORT="${TEST_AUDIT_DAPR_INTERNAL_PORT:-3944}"
export LOYALTY_DAPR_HTTP_PORT="${TEST_LOYALTY_DAPR_HTTP_PORT:-3915}" LOYALTY_DAPR_GRPC_PORT="${TEST_LOYALTY_DAPR_GRPC_PORT:-3925}"
export LOYALTY_DAPR_METRICS_PORT="${TEST_LOYALTY_DAPR_METRICS_PORT:-3935}" LOYALTY_DAPR_INTERNAL_PORT="${TEST_LOYALTY_DAPR_INTERNAL_PORT:-3945}"
bash scripts/test-services.sh "$run_id"
ACCOUNTS_URL="http://127.0.0.1:$ACCOUNTS_PORT" ORDERS_URL="http://127.0.0.1:$ORDERS_PORT" CATALOG_URL="http://127.0.0.1:$CATALOG_PORT" \
  STREAMS_URL="http://127.0.0.1:$STREAM_PROCESSOR_PORT" AUDIT_URL="http://127.0.0.1:$AUDIT_PORT" LOYALTY_URL="http://127.0.0.1:$LOYALTY_PORT" \
  bash scripts/newman.sh
bash scripts/services.sh stop

# On services of its own (fresh databases, groups, state), on the ports above.
step "fuzzing (schemathesis, ${FUZZ_MIN_REQUESTS:=1000} requests per service at least)"
FUZZ_MIN_REQUESTS="$FUZZ_MIN_REQUESTS" bash scripts/fuzz.sh --start

# After the tests above: its thousands of events would make their fresh consumer groups replay longer.
step "benchmark smoke (correctness only)"; bash bench/run.sh --smoke
# Stops and starts this runtime's Kafka and FerretDB (both are running again afterwards).
step "chaos, small: outages, SIGKILLs, poison records"; bash bench/chaos.sh --small

# Keep this step LAST: it checks what every step before it left in Kafka, MongoDB and the logs, so it
# must see the same servers, still running (the runtime stops only in the exit trap).
step "leak check: no full card number in topics, databases or logs"
if [ -z "${KAFKA_BROKERS:-}" ] && ! docker info >/dev/null 2>&1; then
  for s in kafka ferretdb redis; do
    bash scripts/runtime/status.sh "$s" | grep -q running || { echo "leak check: the local runtime's $s is not running any more" >&2; exit 1; }
  done
fi
npx jest --selectProjects leak --runInBand --ci

audit_line="$(head -n 1 test-artifacts/npm-audit.txt 2>/dev/null || echo 'npm audit: no result')"
step "all tests passed in $((SECONDS - start)) s; $audit_line"
