#!/usr/bin/env bash
# Validates Kubernetes manifests offline: kubeconform (strict: unknown fields are errors) against the
# cached Kubernetes schemas, the Dapr CRD schemas (Component, Resiliency, Subscription) and the extra ones
# (ServiceMonitor, BackendConfig, PodMonitoring: install-tools.sh). A kind without a schema is
# an error, never skipped. Usage: kubeconform.sh <manifest.yaml>...
set -euo pipefail
# shellcheck source=../runtime/lib.sh
source "$(dirname "$0")/../runtime/lib.sh"
# shellcheck source=tools.env.sh
source "$(dirname "$0")/tools.env.sh"
bash "$(dirname "$0")/install-tools.sh" kubeconform k8s-schemas dapr-crd-schemas extra-crd-schemas
exec "$KUBECONFORM_BIN" -strict -summary -output text \
  -kubernetes-version "${K8S_SCHEMA_VERSION#v}" \
  -schema-location "$K8S_SCHEMA_DIR/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  -schema-location "$DAPR_CRD_SCHEMAS_HOME/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
  -schema-location "$EXTRA_CRD_SCHEMAS_HOME/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
  "$@"
