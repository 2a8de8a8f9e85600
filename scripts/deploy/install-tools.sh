#!/usr/bin/env bash
# Installs the deployment-file validators into the cache, once: helm and kubeconform built from the Go
# module proxy, the Kubernetes JSON schemas from PyPI's kubernetes-validate (extracted, not installed),
# the Dapr CRD schemas generated from the Dapr module's CRDs, the ServiceMonitor, BackendConfig and
# PodMonitoring schemas (install_extra_crd_schemas).
# Idempotent and safe to run concurrently (flock); each tool is complete only with its .complete marker.
# Usage: install-tools.sh [helm|kubeconform|k8s-schemas|dapr-crd-schemas|extra-crd-schemas|all]... ; prints nothing on stdout.
set -euo pipefail
# shellcheck source=../runtime/lib.sh
source "$(dirname "$0")/../runtime/lib.sh"
# shellcheck source=tools.env.sh
source "$(dirname "$0")/tools.env.sh"

need() { local c; for c in "$@"; do command -v "$c" >/dev/null || die "$c is required (${need_hint:-see README.md, Deploy})"; done; }

# go_build_tool <home> <module-path>@<version> <binary-name>
go_build_tool() {
  local home="$1" pkg="$2" name="$3" start=$SECONDS
  if [ -f "$home/.complete" ]; then return; fi
  need_hint="Go 1.24 or newer" need go
  log "$name: building $pkg from the Go module proxy (a few minutes on 2 cores, once)"
  rm -rf "$home" && mkdir -p "$home/bin"
  GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$home/bin" go install -trimpath -ldflags=-s "$pkg" >"$home/build.log" 2>&1 ||
    { tail -n 30 "$home/build.log" >&2; die "building $name failed; full output in $home/build.log"; }
  "$home/bin/$name" version >/dev/null 2>&1 || "$home/bin/$name" -v >/dev/null 2>&1 || die "the built $name does not run"
  touch "$home/.complete"
  log "$name: built in $((SECONDS - start)) s into $home/bin"
}

install_helm() { go_build_tool "$HELM_HOME" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" helm; }
install_kubeconform() { go_build_tool "$KUBECONFORM_HOME" "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" kubeconform; }

install_k8s_schemas() {
  if [ -f "$K8S_SCHEMAS_HOME/.complete" ]; then return; fi
  need_hint="Python 3 with pip" need python3
  local start=$SECONDS tmp
  log "kubernetes schemas: downloading kubernetes-validate $KUBERNETES_VALIDATE_VERSION from PyPI (schemas only, not installed)"
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064  # expand now: $tmp is local
  trap "rm -rf '$tmp'" EXIT
  python3 -m pip download -q --no-deps --only-binary=:all: -d "$tmp" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2
  rm -rf "$K8S_SCHEMAS_HOME" && mkdir -p "$K8S_SCHEMAS_HOME"
  python3 - "$tmp"/*.whl "$K8S_SCHEMAS_HOME" "$K8S_SCHEMA_VERSION" <<'PY'
import sys, zipfile
wheel, dest, version = sys.argv[1], sys.argv[2], sys.argv[3]
import json, os, re
prefix = f"kubernetes_validate/kubernetes-json-schema/{version}-local-strict/"
# The kinds refer to "/api/_definitions.json#/$defs/..." (the package's own loader). kubeconform swallows
# errors from such refs, so each kind is made standalone: the definitions it reaches go into its own $defs.
REF = re.compile(r'"(?:/api/)?_definitions\.json#/\$defs/([^"]+)"')
LOCAL_REF = re.compile(r'"#/\$defs/([^"]+)"')
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and n.endswith(".json")]
    if not names:
        sys.exit(f"no {prefix} in {wheel}")
    defs = {k: json.dumps(v) for k, v in json.loads(z.read(prefix + "_definitions.json"))["$defs"].items()}
    out = os.path.join(dest, "schemas")
    os.makedirs(out, exist_ok=True)
    for n in names:
        if n.endswith("/_definitions.json"):
            continue
        text = z.read(n).decode()
        reached, todo = {}, REF.findall(text)
        while todo:
            name = todo.pop()
            if name not in reached:
                reached[name] = defs[name]
                todo.extend(LOCAL_REF.findall(defs[name]))
        schema = json.loads(REF.sub(r'"#/$defs/\1"', text))
        if reached:
            schema["$defs"] = {k: json.loads(v) for k, v in reached.items()}
        with open(os.path.join(out, os.path.basename(n)), "w") as f:
            json.dump(schema, f)
PY
  [ -f "$K8S_SCHEMA_DIR/deployment-apps-v1.json" ] || die "kubernetes-validate has no $K8S_SCHEMA_VERSION schemas in the expected layout"
  rm -rf "$tmp"
  touch "$K8S_SCHEMAS_HOME/.complete"
  log "kubernetes schemas $K8S_SCHEMA_VERSION: $(find "$K8S_SCHEMA_DIR" -name '*.json' | wc -l) files in $((SECONDS - start)) s"
}

# The Dapr CRDs (Component, Resiliency, Subscription) as kubeconform schemas, generated from the CRDs that ship in the
# Dapr Go module (charts/dapr/crds) of the version the chart targets.
install_dapr_crd_schemas() {
  if [ -f "$DAPR_CRD_SCHEMAS_HOME/.complete" ]; then return; fi
  need_hint="Go 1.24 or newer and Node.js (npm install done)" need go node
  local start=$SECONDS src
  log "dapr CRD schemas: downloading github.com/dapr/dapr@$DAPR_VERSION from the Go module proxy (CRDs only)"
  src="$(GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json "github.com/dapr/dapr@$DAPR_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
  [ -d "$src/charts/dapr/crds" ] || die "go mod download of dapr $DAPR_VERSION gave no charts/dapr/crds"
  rm -rf "$DAPR_CRD_SCHEMAS_HOME" && mkdir -p "$DAPR_CRD_SCHEMAS_HOME"
  node "$REPO_ROOT/scripts/deploy/crd-to-json-schema.mjs" "$DAPR_CRD_SCHEMAS_HOME" \
    "$src/charts/dapr/crds/components.yaml" "$src/charts/dapr/crds/resiliency.yaml" "$src/charts/dapr/crds/subscription.yaml"
  touch "$DAPR_CRD_SCHEMAS_HOME/.complete"
  log "dapr CRD schemas $DAPR_VERSION: $(find "$DAPR_CRD_SCHEMAS_HOME" -name '*.json' | wc -l) files in $((SECONDS - start)) s"
}

# The optional monitoring and GKE kinds: ServiceMonitor from the Prometheus Operator module's CRDs (Go module
# proxy), BackendConfig and PodMonitoring from the repository's partial CRDs (crds/gke-subset.yaml).
install_extra_crd_schemas() {
  if [ -f "$EXTRA_CRD_SCHEMAS_HOME/.complete" ]; then return; fi
  need_hint="Go 1.24 or newer and Node.js (npm install done)" need go node
  local start=$SECONDS src
  log "extra CRD schemas: downloading github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION from the Go module proxy (CRDs only)"
  src="$(GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
  local crd="$src/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"
  [ -f "$crd" ] || die "go mod download of prometheus-operator $PROMETHEUS_OPERATOR_VERSION gave no $crd"
  rm -rf "$EXTRA_CRD_SCHEMAS_HOME" && mkdir -p "$EXTRA_CRD_SCHEMAS_HOME"
  node "$REPO_ROOT/scripts/deploy/crd-to-json-schema.mjs" "$EXTRA_CRD_SCHEMAS_HOME" "$crd" "$EXTRA_CRDS_FILE"
  touch "$EXTRA_CRD_SCHEMAS_HOME/.complete"
  log "extra CRD schemas: $(find "$EXTRA_CRD_SCHEMAS_HOME" -name '*.json' | wc -l) files in $((SECONDS - start)) s"
}

main() {
  local t targets=("$@")
  if [ ${#targets[@]} -eq 0 ] || [ "${targets[0]}" = all ]; then targets=(helm kubeconform k8s-schemas dapr-crd-schemas extra-crd-schemas); fi
  for t in "${targets[@]}"; do
    case "$t" in
      helm) with_lock "$CACHE_DIR/.lock-helm" install_helm ;;
      kubeconform) with_lock "$CACHE_DIR/.lock-kubeconform" install_kubeconform ;;
      k8s-schemas) with_lock "$CACHE_DIR/.lock-k8s-schemas" install_k8s_schemas ;;
      dapr-crd-schemas) with_lock "$CACHE_DIR/.lock-dapr-crd-schemas" install_dapr_crd_schemas ;;
      extra-crd-schemas) with_lock "$CACHE_DIR/.lock-extra-crd-schemas" install_extra_crd_schemas ;;
      *) die "unknown tool '$t' (helm|kubeconform|k8s-schemas|dapr-crd-schemas|extra-crd-schemas|all)" ;;
    esac
  done
}
main "$@"
