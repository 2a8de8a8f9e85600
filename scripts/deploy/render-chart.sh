#!/usr/bin/env bash
# Renders the Helm chart offline (helm template) for the Kubernetes version the schemas describe.
# Usage: render-chart.sh [values-file...]  — prints the manifests on stdout.
set -euo pipefail
# shellcheck source=../runtime/lib.sh
source "$(dirname "$0")/../runtime/lib.sh"
# shellcheck source=tools.env.sh
source "$(dirname "$0")/tools.env.sh"
bash "$(dirname "$0")/install-tools.sh" helm
args=()
for f in "$@"; do args+=(-f "$f"); done
exec "$HELM_BIN" template cqrs-backbone "$REPO_ROOT/helm/cqrs-backbone" --namespace cqrs \
  --kube-version "${K8S_SCHEMA_VERSION#v}" "${args[@]}"
