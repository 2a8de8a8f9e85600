#!/usr/bin/env bash
# Runs the Postman collection with newman against running services.
# ACCOUNTS_URL / ORDERS_URL / CATALOG_URL / STREAMS_URL / AUDIT_URL / LOYALTY_URL override the environment
# file's http://127.0.0.1:3001, :3002, :3003, :3006, :3004 and :3005; API_KEY is sent as X-API-Key on every request.
set -euo pipefail
cd "$(dirname "$0")/.."
args=(run postman/cqrs-backbone.postman_collection.json -e postman/local.postman_environment.json
  --reporters cli,junit --reporter-junit-export test-artifacts/newman/junit.xml --color off)
[ -n "${ACCOUNTS_URL:-}" ] && args+=(--env-var "accountsUrl=$ACCOUNTS_URL")
[ -n "${ORDERS_URL:-}" ] && args+=(--env-var "ordersUrl=$ORDERS_URL")
[ -n "${CATALOG_URL:-}" ] && args+=(--env-var "catalogUrl=$CATALOG_URL")
[ -n "${STREAMS_URL:-}" ] && args+=(--env-var "streamsUrl=$STREAMS_URL")
[ -n "${AUDIT_URL:-}" ] && args+=(--env-var "auditUrl=$AUDIT_URL")
[ -n "${LOYALTY_URL:-}" ] && args+=(--env-var "loyaltyUrl=$LOYALTY_URL")
# One of the services' API_KEYS (empty: the services run without keys).
[ -n "${API_KEY:-}" ] && args+=(--env-var "apiKey=$API_KEY")
# NEWMAN_JSON: a file for newman's JSON report (make test counts the assertions from it).
[ -n "${NEWMAN_JSON:-}" ] && args+=(--reporters cli,junit,json --reporter-json-export "$NEWMAN_JSON")
mkdir -p test-artifacts/newman
npx newman "${args[@]}"
