# shellcheck shell=bash disable=SC2034  # sourced; the variables are used by the scripts that source it
# Versions and cache locations of the deployment-file validators (CACHE_DIR comes from runtime/lib.sh).
HELM_VERSION="${HELM_VERSION:-v3.19.5}"
KUBECONFORM_VERSION="${KUBECONFORM_VERSION:-v0.7.0}"
KUBERNETES_VALIDATE_VERSION="${KUBERNETES_VALIDATE_VERSION:-1.37.0}"
# The Kubernetes version the manifests are checked against (GKE's regular channel is around it).
K8S_SCHEMA_VERSION="${K8S_SCHEMA_VERSION:-v1.33.0}"
# The Dapr release whose CRDs (Component, Resiliency) the chart's resources are checked against.
DAPR_VERSION="${DAPR_VERSION:-v1.16.5}"

HELM_HOME="$CACHE_DIR/helm-$HELM_VERSION"
HELM_BIN="$HELM_HOME/bin/helm"
KUBECONFORM_HOME="$CACHE_DIR/kubeconform-$KUBECONFORM_VERSION"
KUBECONFORM_BIN="$KUBECONFORM_HOME/bin/kubeconform"
K8S_SCHEMAS_HOME="$CACHE_DIR/kubernetes-schemas-$K8S_SCHEMA_VERSION-kv$KUBERNETES_VALIDATE_VERSION"
K8S_SCHEMA_DIR="$K8S_SCHEMAS_HOME/schemas"
# Named by the CRDs converted: a cache made for fewer kinds is not reused.
DAPR_CRD_SCHEMAS_HOME="$CACHE_DIR/dapr-crd-schemas-$DAPR_VERSION-component-resiliency-subscription"
# The Prometheus Operator release whose ServiceMonitor CRD the chart's optional ServiceMonitor is checked against.
PROMETHEUS_OPERATOR_VERSION="${PROMETHEUS_OPERATOR_VERSION:-v0.85.0}"
# ServiceMonitor from that module, BackendConfig and PodMonitoring from scripts/deploy/crds/gke-subset.yaml
# (named by that file's hash, so an edit makes a new cache).
EXTRA_CRDS_FILE="$REPO_ROOT/scripts/deploy/crds/gke-subset.yaml"
EXTRA_CRD_SCHEMAS_HOME="$CACHE_DIR/extra-crd-schemas-prometheus-operator-$PROMETHEUS_OPERATOR_VERSION-gke-$(sha256sum "$EXTRA_CRDS_FILE" | cut -c1-12)"
