#!/usr/bin/env bash
# `make test`: lint, types, unit, deployment files, npm audit, then against real servers: integration,
# end-to-end, the Postman collection (newman), the API fuzzer (schemathesis), the benchmark at a tiny size
# (correctness only), the chaos scenarios at a small size and, last, the card-number leak check. Its last
# line is the count of everything it checked: `N passed, N failed` (scripts/test-tally.mjs).
#
# Servers come from KAFKA_BROKERS/MONGO_URL/REDIS_URL if set, else testcontainers where a Docker engine
# answers, else a local runtime of the tests' own: .runtime-test/ (data, pid files, logs) on ports of
# its own (Kafka 29092/29093, FerretDB 27317, Redis 6479; TEST_*_PORT to change them), so a developer's
# `make up` stack (.runtime/, 9092/27017/6379, services on 3001-3006) is neither read nor written nor
# stopped — the chaos step stops and starts the tests' Kafka and FerretDB. Started here, stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
step() { printf '\n==> %s (%ds)\n' "$*" $((SECONDS - start)); }

export CQRS_RUNTIME_DIR="${TEST_RUNTIME_DIR:-$PWD/.runtime-test}"
export KAFKA_PORT="${TEST_KAFKA_PORT:-29092}" KAFKA_CONTROLLER_PORT="${TEST_KAFKA_CONTROLLER_PORT:-29093}"
export MONGO_PORT="${TEST_MONGO_PORT:-27317}" REDIS_PORT="${TEST_REDIS_PORT:-6479}"
# The services newman and the fuzzer talk to (sidecars beside them): never make up's 3001-3006.
export ACCOUNTS_PORT="${TEST_ACCOUNTS_PORT:-3901}" ORDERS_PORT="${TEST_ORDERS_PORT:-3902}" CATALOG_PORT="${TEST_CATALOG_PORT:-3903}"
export AUDIT_PORT="${TEST_AUDIT_PORT:-3904}" LOYALTY_PORT="${TEST_LOYALTY_PORT:-3905}" STREAM_PROCESSOR_PORT="${TEST_STREAM_PROCESSOR_PORT:-3906}"
export AUDIT_DAPR_HTTP_PORT=3914 AUDIT_DAPR_GRPC_PORT=3924 AUDIT_DAPR_METRICS_PORT=3934 AUDIT_DAPR_INTERNAL_PORT=3944
export LOYALTY_DAPR_HTTP_PORT=3915 LOYALTY_DAPR_GRPC_PORT=3925 LOYALTY_DAPR_METRICS_PORT=3935 LOYALTY_DAPR_INTERNAL_PORT=3945
# Every service the tests start: after a SIGKILL (crash tests, chaos) a restarted instance rejoins its
# group once the dead member's session has expired; 10 s instead of the default 30 s.
export KAFKA_SESSION_TIMEOUT_MS="${KAFKA_SESSION_TIMEOUT_MS:-10000}"
# Everything below (npm, npx, jest, the services, the tools) runs on the Node package.json's engines ask
# for: the machine's if it is recent enough, else the cached one (scripts/runtime/node.sh).
node_bin="$(bash scripts/runtime/node.sh)"
[ -z "$node_bin" ] || export PATH="$node_bin:$PATH"
unset ACCOUNTS_URL ORDERS_URL CATALOG_URL AUDIT_URL LOYALTY_URL STREAM_PROCESSOR_URL STREAMS_URL
local_runtime=false
if [ -z "${KAFKA_BROKERS:-}" ] && ! docker info >/dev/null 2>&1; then local_runtime=true; fi

artifacts="$PWD/test-artifacts"
# A run starts from nothing when none of the test runtime's servers runs: fresh consumer groups replay
# the topics from the beginning, so data kept from the run before would only make this one slower (and
# the next slower still), and the leak check must judge this run's logs. Never make up's runtime.
if $local_runtime; then
  [ "$(realpath -m "$CQRS_RUNTIME_DIR")" != "$(realpath -m .runtime)" ] || { echo "TEST_RUNTIME_DIR must not be make up's .runtime: make test wipes it" >&2; exit 2; }
  if ! bash scripts/runtime/status.sh all | grep -q running; then rm -rf "$CQRS_RUNTIME_DIR" "$artifacts"; fi
fi
mkdir -p "$artifacts/logs" "$CQRS_RUNTIME_DIR"
tally="$artifacts/tally.jsonl"
: >"$tally"
count() { node scripts/test-tally.mjs "$tally" "$@"; }
# jest_step <name> <jest args...>: one jest project, its tests counted from jest's own JSON report.
jest_step() {
  local name="$1" report="$artifacts/jest-$1.json"; shift
  rm -f "$report"
  local code=0
  npx jest "$@" --ci --json --outputFile="$report" || code=$?
  count add "$name" jest "$report"
  return $code
}
# check_step <name> <command...>: a step that is one check of its own (lint, types, ...).
check_step() {
  local name="$1"; shift
  if "$@"; then count check "$name" passed; else count check "$name" failed; return 1; fi
}

# Setup that needs no CPU-heavy step before it runs beside lint, types and unit tests: the servers
# start, daprd/chromium/schemathesis install (cold: downloads and Go builds). Each writes a log of its own.
background=()
in_background() {
  local name="$1"; shift
  ("$@" >"$artifacts/logs/setup-$name.log" 2>&1) &
  background+=("$name:$!")
}
wait_background() {
  local entry name pid failed=0
  for entry in "${background[@]}"; do
    name="${entry%%:*}"; pid="${entry#*:}"
    if ! wait "$pid"; then
      printf '\n%s failed; the end of its log (%s):\n' "$name" "$artifacts/logs/setup-$name.log" >&2
      tail -n 40 "$artifacts/logs/setup-$name.log" >&2
      count check "setup: $name" failed
      failed=1
    fi
  done
  background=()
  return $failed
}

started_runtime=()
finish() {
  local code=$?
  # Quiet but for a service that died unwatched: services.sh then prints the end of its log.
  { bash scripts/services.sh stop; bash scripts/runtime/dapr.sh stop all; } >/dev/null 2>"$artifacts/logs/stop.log" || true
  grep -v -E ' stopped($| \(pid)' "$artifacts/logs/stop.log" >&2 || true
  for entry in "${background[@]}"; do kill "${entry#*:}" 2>/dev/null || true; done
  if [ ${#started_runtime[@]} -gt 0 ]; then bash scripts/runtime/stop.sh "${started_runtime[@]}" 2>&1 || true; fi
  # A step that stopped the run before it recorded its own count is one failure.
  if [ $code -ne 0 ] && ! grep -q '"failed":[1-9]' "$tally" 2>/dev/null; then count check "the step that stopped the run" failed; fi
  printf '\n==> make test %s after %d s; %s\n' "$([ $code -eq 0 ] && echo passed || echo FAILED)" $((SECONDS - start)) \
    "$(head -n 1 "$artifacts/npm-audit.txt" 2>/dev/null || echo 'npm audit: no result')"
  count total || code=1
  exit $code
}
trap finish EXIT

lock_before="$(git hash-object package-lock.json)"
# The clone stays clean: an install that rewrites the committed lockfile (engines, other platforms'
# optional packages) fails here, with what it changed.
lockfile_kept() {
  [ "$(git hash-object package-lock.json)" = "$lock_before" ] && return 0
  echo "npm install rewrote package-lock.json; commit the lockfile it writes:" >&2
  git --no-pager diff --stat -- package-lock.json >&2 || true
  return 1
}
step "dependencies"; check_step "dependencies installed from the lockfile" bash scripts/ensure-deps.sh
check_step "the install kept package-lock.json as committed" lockfile_kept
if $local_runtime; then
  for s in kafka ferretdb redis; do bash scripts/runtime/status.sh "$s" | grep -q running || started_runtime+=("$s"); done
  step "local test runtime in $CQRS_RUNTIME_DIR, ports $KAFKA_PORT/$MONGO_PORT/$REDIS_PORT (starting in the background: ${started_runtime[*]:-none})"
  fi
# One after the other: Redis (apt-get download) and Chromium (apt-get install) must not both hold apt.
in_background servers-chromium bash -c 'if [ $# -gt 0 ]; then bash scripts/runtime/start.sh "$@"; fi; bash scripts/ensure-chromium.sh' _ ${started_runtime[@]+"${started_runtime[@]}"}
# The Dapr tests start real sidecars; a missing daprd is built here (Go module proxy, minutes when cold).
in_background daprd bash scripts/runtime/install.sh daprd
in_background schemathesis bash scripts/runtime/install.sh schemathesis

step "lint"; check_step "lint (eslint)" npm run --silent lint
step "typecheck"; check_step "typecheck (tsc, strict)" npm run --silent typecheck
step "unit tests"; jest_step unit --selectProjects unit
step "deployment files (compose, helm) offline validation"
rm -f "$artifacts/jest-deploy.json"; bash scripts/validate-deploy.sh "$artifacts/jest-deploy.json" || deploy_code=$?
count add "deployment files (validators, deploy tests)" jest "$artifacts/jest-deploy.json"; [ "${deploy_code:-0}" = 0 ]
step "build"; check_step "build (nest, tsc)" npm run --silent build
step "npm audit (production dependencies; high and critical)"
if ! bash scripts/npm-audit.sh; then count check "npm audit" failed; exit 1; fi
# Where the advisory service refuses (npm-audit.sh says DID NOT RUN in a banner), nothing was checked.
if grep -q 'DID NOT RUN' "$artifacts/npm-audit.txt"; then echo "[tally] npm audit: not counted, it did not run"; else count check "npm audit" passed; fi

step "waiting for the background setup (servers, daprd, chromium, schemathesis)"; wait_background
export KEEP_RUNTIME=1

step "integration tests"; jest_step integration --selectProjects integration --runInBand
step "end-to-end tests"; jest_step e2e --selectProjects e2e --runInBand

step "Postman collection (newman) against services on fresh databases, groups and Dapr state"
bash scripts/test-services.sh "newman_$(date +%s)"
NEWMAN_JSON="$artifacts/newman.json" ACCOUNTS_URL="http://127.0.0.1:$ACCOUNTS_PORT" ORDERS_URL="http://127.0.0.1:$ORDERS_PORT" \
  CATALOG_URL="http://127.0.0.1:$CATALOG_PORT" STREAMS_URL="http://127.0.0.1:$STREAM_PROCESSOR_PORT" \
  AUDIT_URL="http://127.0.0.1:$AUDIT_PORT" LOYALTY_URL="http://127.0.0.1:$LOYALTY_PORT" bash scripts/newman.sh || newman_code=$?
count add "newman (Postman assertions)" newman "$artifacts/newman.json"; [ "${newman_code:-0}" = 0 ]
bash scripts/services.sh stop

# On services of its own (fresh databases, groups, state, a short read-your-writes wait), on the ports above.
step "fuzzing (schemathesis, ${FUZZ_MIN_REQUESTS:=1000} requests per service at least)"
FUZZ_SUMMARY_OUT="$artifacts/fuzz-summary.json" FUZZ_MIN_REQUESTS="$FUZZ_MIN_REQUESTS" bash scripts/fuzz.sh --start || fuzz_code=$?
count add "fuzzing (schemathesis checks)" fuzz "$artifacts/fuzz-summary.json"; [ "${fuzz_code:-0}" = 0 ]

# After the tests above: its thousands of events would make their fresh consumer groups replay longer.
step "benchmark smoke (correctness only)"
rm -f "$artifacts/bench-smoke.json"; bash bench/run.sh --smoke --out "$artifacts/bench-smoke.json" || bench_code=$?
count add "benchmark smoke (results right)" bench "$artifacts/bench-smoke.json"; [ "${bench_code:-0}" = 0 ]
# Stops and starts the test runtime's Kafka and FerretDB (both are running again afterwards).
step "chaos, small: outages, SIGKILLs, poison records"
rm -f "$artifacts/chaos-small.json"; bash bench/chaos.sh --small --out "$artifacts/chaos-small.json" || chaos_code=$?
count add "chaos, small (scenario checks)" chaos "$artifacts/chaos-small.json"; [ "${chaos_code:-0}" = 0 ]

# Keep this step LAST: it checks what every step before it left in Kafka, MongoDB and the logs, so it
# must see the same servers, still running (the runtime stops only in the exit trap).
step "leak check: no full card number in topics, databases or logs"
if $local_runtime; then
  for s in kafka ferretdb redis; do
    bash scripts/runtime/status.sh "$s" | grep -q running || { echo "leak check: the test runtime's $s is not running any more" >&2; exit 1; }
  done
fi
jest_step leak --selectProjects leak --runInBand
