#!/usr/bin/env bash
# `make up`: the whole system on this machine — real Kafka, MongoDB (FerretDB locally) and Redis on
# 127.0.0.1, the declared topics, and every service (audit and loyalty with their Dapr sidecars) — then
# prints the URLs. With a Docker engine (`docker info` answers) it is docker compose (docker-compose.yml);
# otherwise the local runtime, on the Node package.json's engines ask for (scripts/runtime/node.sh).
# `up.sh --urls compose|local` only prints the URLs of that mode (the deploy tests compare them with the
# ports compose publishes).
set -euo pipefail
cd "$(dirname "$0")/.."

# urls <compose|local>: what that mode serves on 127.0.0.1. Compose publishes the apps, Kafka, MongoDB and
# Redis, and no sidecar port (each daprd lives in its app's network namespace); the local runtime runs
# audit's and loyalty's sidecars on host ports of their own.
urls() {
  local mongo="MongoDB (mongo image)" logs="docker compose logs [service]" audit_dapr="" loyalty_dapr=""
  if [ "$1" = local ]; then
    mongo="MongoDB wire (FerretDB)" logs=".runtime/logs/"
    audit_dapr="     (Dapr sidecar http://127.0.0.1:${AUDIT_DAPR_HTTP_PORT:-3504}, metrics :${AUDIT_DAPR_METRICS_PORT:-9094})"
    loyalty_dapr="     (Dapr sidecar http://127.0.0.1:${LOYALTY_DAPR_HTTP_PORT:-3505}, metrics :${LOYALTY_DAPR_METRICS_PORT:-9095})"
  fi
  cat <<URLS

  accounts  http://127.0.0.1:${ACCOUNTS_PORT:-3001}/docs   (Swagger UI; JSON at /docs-json, health /health, metrics /metrics)
  orders    http://127.0.0.1:${ORDERS_PORT:-3002}/docs
  catalog   http://127.0.0.1:${CATALOG_PORT:-3003}/docs
  audit     http://127.0.0.1:${AUDIT_PORT:-3004}/docs${audit_dapr}
  loyalty   http://127.0.0.1:${LOYALTY_PORT:-3005}/docs${loyalty_dapr}
  streams   http://127.0.0.1:${STREAM_PROCESSOR_PORT:-3006}/docs   live dashboard: http://127.0.0.1:${STREAM_PROCESSOR_PORT:-3006}/dashboard
  demo data make seed
  Kafka     127.0.0.1:${KAFKA_PORT:-9092}    $mongo  mongodb://127.0.0.1:${MONGO_PORT:-27017}    Redis  127.0.0.1:${REDIS_PORT:-6379}
  logs      $logs        stop everything: make down

URLS
}

if [ "${1:-}" = --urls ]; then urls "${2:?usage: up.sh --urls compose|local}"; exit 0; fi

if docker info >/dev/null 2>&1; then
  # audit's and loyalty's sidecars send this token and the apps require it: a random one for this run
  # unless the shell or .env names one (never written anywhere by this script).
  if [ -z "${DAPR_APP_API_TOKEN:-}" ] && ! grep -qs '^DAPR_APP_API_TOKEN=.' .env; then
    DAPR_APP_API_TOKEN="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
    export DAPR_APP_API_TOKEN
  fi
  docker compose up --detach --build --wait
  urls compose
else
  node_bin="$(bash scripts/runtime/node.sh)"
  [ -z "$node_bin" ] || export PATH="$node_bin:$PATH"
  bash scripts/ensure-deps.sh
  bash scripts/runtime/start.sh all
  npm run --silent build
  node dist/tools/topics/main.js
  bash scripts/services.sh start
  urls local
fi
