#!/usr/bin/env bash
# Offline validation of the deployment files (no Docker, no cluster): docker-compose.yml against the
# Compose specification (dclint), the Helm chart (helm lint, rendered with the default and the GKE values and
# with the options those leave off, every manifest checked by kubeconform against the Kubernetes, Dapr,
# Prometheus Operator and GKE schemas), then the deploy
# tests: every app, port and required variable present in compose and the chart, derived from the apps'
# config classes, and the validators reject broken files. Tools are installed into the cache once.
set -euo pipefail
cd "$(dirname "$0")/.."
chart=helm/cqrs-backbone
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

bash scripts/deploy/install-tools.sh all
# shellcheck source=runtime/lib.sh
source scripts/runtime/lib.sh
# shellcheck source=deploy/tools.env.sh
source scripts/deploy/tools.env.sh

echo "--- docker-compose.yml: Compose specification and lint rules (dclint)"
npx --no-install dclint --max-warnings 0 docker-compose.yml

# name=values files (space-separated, relative to the chart)
for run in "default=" "gke=values-gke.yaml" "gke-replay=values-gke.yaml ci/replay-values.yaml" "options=ci/options-values.yaml"; do
  name="${run%%=*}"; files=()
  for f in ${run#*=}; do files+=("$chart/$f"); done
  echo "--- helm lint ($name values)"
  "$HELM_BIN" lint "$chart" --strict --kube-version "${K8S_SCHEMA_VERSION#v}" "${files[@]/#/--values=}"
  echo "--- helm template ($name values) | kubeconform"
  bash scripts/deploy/render-chart.sh "${files[@]}" >"$out/$name.yaml"
  bash scripts/deploy/kubeconform.sh "$out/$name.yaml"
done

echo "--- deploy tests (apps, ports, environment; broken files are rejected)"
# An argument names a file for jest's JSON report (make test counts the tests from it).
npx jest --selectProjects deploy --ci ${1:+--json "--outputFile=$1"}
