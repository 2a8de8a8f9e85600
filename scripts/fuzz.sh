#!/usr/bin/env bash
# Fuzzes each service's HTTP API with schemathesis, generated from its own OpenAPI document (/docs-json):
# no 5xx, every status documented, every documented body matching its schema and content type, and
# schema-invalid requests refused. At least FUZZ_MIN_REQUESTS requests per service, counted from the
# reports (a run that sends fewer fails). Reports and a summary go to test-artifacts/fuzz/<time>/.
#
# Usage: fuzz.sh [--start] [service...]   (services: accounts orders catalog audit loyalty stream-processor)
#   without --start: against running services (make up): <APP>_URL, else http://127.0.0.1:<APP>_PORT,
#                    else the make-up ports 3001-3006 (STREAMS_URL also names the stream processor)
#   --start:         starts all six (built) services on fresh databases, consumer groups and Dapr state
#                    (scripts/test-services.sh) on <APP>_PORT, default 3801-3806 (sidecars 3814-3845), the
#                    runtime servers too if they are not running; stops what it started afterwards
# Environment: FUZZ_MIN_REQUESTS (1000), FUZZ_MAX_EXAMPLES (per operation; default derived from the
#   minimum and the operations that take input), FUZZ_SEED (reproduce a run), FUZZ_WORKERS (1),
#   FUZZ_LANES (2: services fuzzed at a time)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=runtime/lib.sh
source "$(dirname "$0")/runtime/lib.sh"
# shellcheck source=fuzz/lanes.sh
source "$(dirname "$0")/fuzz/lanes.sh"

APPS_ALL=(accounts orders catalog audit loyalty stream-processor)
declare -A MAKE_UP_PORT=([accounts]=3001 [orders]=3002 [catalog]=3003 [audit]=3004 [loyalty]=3005 [stream-processor]=3006)
# not_a_server_error, status_code_conformance, content_type_conformance and response_schema_conformance
# hold every answer to the document; negative_data_rejection holds the document to the validation (what
# it calls invalid must get a 4xx). positive_data_acceptance is left out: the document cannot say
# everything the services check (Luhn, an id in the body matching the path, known customers, stock).
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection
# An endless server-sent event stream (no input to vary; the dashboard e2e test covers it).
declare -A EXCLUDE_PATH=([stream-processor]=/dashboard/stream)
MIN_REQUESTS="${FUZZ_MIN_REQUESTS:-1000}"

start=false
apps=()
for arg in "$@"; do
  case "$arg" in
    --start) start=true ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    accounts|orders|catalog|audit|loyalty|stream-processor) apps+=("$arg") ;;
    *) die "unknown argument '$arg' (--start, or services: ${APPS_ALL[*]})" ;;
  esac
done
[ ${#apps[@]} -gt 0 ] || apps=("${APPS_ALL[@]}")

upper() { echo "$1" | tr '[:lower:]-' '[:upper:]_'; }
url_of() {
  local app="$1" v p; v="$(upper "$app")_URL"; p="$(upper "$app")_PORT"
  if [ -n "${!v:-}" ]; then echo "${!v}"
  elif [ "$app" = stream-processor ] && [ -n "${STREAMS_URL:-}" ]; then echo "$STREAMS_URL"
  else echo "http://127.0.0.1:${!p:-${MAKE_UP_PORT[$app]}}"; fi
}

bash scripts/runtime/install.sh schemathesis

started_runtime=()
cleanup() {
  if $start; then
    bash scripts/services.sh stop >/dev/null 2>&1 || true
    if [ ${#started_runtime[@]} -gt 0 ]; then bash scripts/runtime/stop.sh "${started_runtime[@]}"; fi
  fi
}
trap cleanup EXIT
if $start; then
  export ACCOUNTS_PORT="${ACCOUNTS_PORT:-3801}" ORDERS_PORT="${ORDERS_PORT:-3802}" CATALOG_PORT="${CATALOG_PORT:-3803}"
  export AUDIT_PORT="${AUDIT_PORT:-3804}" LOYALTY_PORT="${LOYALTY_PORT:-3805}" STREAM_PROCESSOR_PORT="${STREAM_PROCESSOR_PORT:-3806}"
  export AUDIT_DAPR_HTTP_PORT="${AUDIT_DAPR_HTTP_PORT:-3814}" AUDIT_DAPR_GRPC_PORT="${AUDIT_DAPR_GRPC_PORT:-3824}"
  export AUDIT_DAPR_METRICS_PORT="${AUDIT_DAPR_METRICS_PORT:-3834}" AUDIT_DAPR_INTERNAL_PORT="${AUDIT_DAPR_INTERNAL_PORT:-3844}"
  export LOYALTY_DAPR_HTTP_PORT="${LOYALTY_DAPR_HTTP_PORT:-3815}" LOYALTY_DAPR_GRPC_PORT="${LOYALTY_DAPR_GRPC_PORT:-3825}"
  export LOYALTY_DAPR_METRICS_PORT="${LOYALTY_DAPR_METRICS_PORT:-3835}" LOYALTY_DAPR_INTERNAL_PORT="${LOYALTY_DAPR_INTERNAL_PORT:-3845}"
  unset ACCOUNTS_URL ORDERS_URL CATALOG_URL AUDIT_URL LOYALTY_URL STREAM_PROCESSOR_URL STREAMS_URL
  for s in kafka ferretdb redis; do bash scripts/runtime/status.sh "$s" | grep -q running || started_runtime+=("$s"); done
  if [ ${#started_runtime[@]} -gt 0 ]; then bash scripts/runtime/start.sh "${started_runtime[@]}"; fi
  bash scripts/runtime/install.sh daprd
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}" MONGO_URL="${MONGO_URL:-mongodb://127.0.0.1:$MONGO_PORT}"
  # Read-your-writes waits are bounded by this; generated ?minVersion= values for replicas that never get
  # there would otherwise hold each request for the default 5 s.
  export REPLICA_WAIT_MAX_MS="${REPLICA_WAIT_MAX_MS:-300}"
  bash scripts/test-services.sh "fuzz_$(date +%s)"
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="test-artifacts/fuzz/$stamp"
mkdir -p "$out"
# fuzz_one <app>: one service's run; its console lines go to <app>.console, its verdict to <app>.result.
fuzz_one() {
  local app="$1" url spec examples args t0 code secs
  url="$(url_of "$app")"
  spec="$url/docs-json"
  curl -fsS -o "$out/$app.openapi.json" "$spec" || die "$app: no OpenAPI document at $spec (is it running? make up, or --start)"
  # Enough examples per operation that takes input for the fuzzing phase alone to reach the minimum (the
  # coverage and stateful phases add more); operations without input (health, metrics) give one or two.
  examples="${FUZZ_MAX_EXAMPLES:-$(python3 - "$out/$app.openapi.json" "$MIN_REQUESTS" "${EXCLUDE_PATH[$app]:-}" <<'PY'
import json, math, sys
doc, minimum, excluded = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
ops = [o for p, item in doc["paths"].items() if p != excluded for m, o in item.items() if m in ("get", "put", "post", "patch", "delete", "options")]
with_input = [o for o in ops if o.get("parameters") or o.get("requestBody")]
print(max(10, math.ceil(minimum / max(1, len(with_input)))))
PY
)}"
  # shellcheck disable=SC2054  # the commas separate values of one schemathesis option
  args=(run "$spec" --checks "$CHECKS" --max-examples "$examples" --workers "${FUZZ_WORKERS:-1}" --continue-on-failure
    --request-timeout 15 --generation-database none --no-color --report junit,ndjson --report-dir "$out/$app"
    --report-junit-path "$out/$app/junit.xml" --report-ndjson-path "$out/$app/events.ndjson")
  [ -n "${FUZZ_SEED:-}" ] && args+=(--seed "$FUZZ_SEED")
  [ -n "${EXCLUDE_PATH[$app]:-}" ] && args+=(--exclude-path "${EXCLUDE_PATH[$app]}")
  # The routes daprd calls answer 401 without its app API token: with the token of the sidecar
  # services.sh started (a throwaway local one) the fuzzer reaches past the guard into them.
  local token_file="$STATE_DIR/dapr/$app/app-api-token"
  if [ -f "$token_file" ]; then args+=(--header "dapr-api-token: $(cat "$token_file")"); fi
  log "fuzzing $app at $url ($examples examples per operation)"
  t0=$SECONDS
  set +e
  "$SCHEMATHESIS_BIN" --config-file scripts/fuzz/schemathesis.toml "${args[@]}" >"$out/$app.log" 2>&1
  code=$?
  set -e
  secs=$((SECONDS - t0))
  { if [ $code -ne 0 ]; then sed -n '/= FAILURES =/,$p;/= ERRORS =/,$p' "$out/$app.log" | head -n 200; fi
    tail -n 1 "$out/$app.log"; } >"$out/$app.console"
  echo "$app=$out/$app/events.ndjson:$code:$secs" >"$out/$app.result"
}

# FUZZ_LANES services at a time (default 2), longest first: the stream processor's read queries take as
# long as the five others together.
queue=()
for app in stream-processor catalog accounts orders audit loyalty; do
  if [[ " ${apps[*]} " == *" $app "* ]]; then queue+=("$app"); fi
done
lanes_queue "$out/lanes" "${queue[@]}"
lanes_run "$out/lanes" "${FUZZ_LANES:-2}" fuzz_one || die "a fuzzing lane failed"
results=()
for app in "${apps[@]}"; do
  cat "$out/$app.console" 2>/dev/null || true
  results+=("$(cat "$out/$app.result" 2>/dev/null || echo "$app=$out/$app/events.ndjson:1:0")")
done

set +e
python3 scripts/fuzz/summarize.py "$out/summary.json" "$MIN_REQUESTS" "${results[@]}"
verdict=$?
set -e
# FUZZ_SUMMARY_OUT: a copy of the summary where a caller expects it (make test counts the checks from it).
[ -n "${FUZZ_SUMMARY_OUT:-}" ] && cp "$out/summary.json" "$FUZZ_SUMMARY_OUT"
# The event reports are large; they are kept only for services that did not pass.
python3 - "$out/summary.json" "$out" <<'PY'
import json, os, sys
summary, out = json.load(open(sys.argv[1])), sys.argv[2]
for name, report in summary["services"].items():
    path = os.path.join(out, name, "events.ndjson")
    if report["ok"] and os.path.exists(path):
        os.remove(path)
PY
exit $verdict
