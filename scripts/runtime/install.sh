#!/usr/bin/env bash
# Installs the runtime servers into the cache, once: Kafka from Maven Central, FerretDB from the Go module
# proxy (built from source, patched), Redis from Debian packages (extracted, never installed as a service),
# daprd from the Go module proxy (a slim build with the project's components); schemathesis (the API fuzzer,
# not a server: only on request) from PyPI into a virtualenv; Node (only on request, see node.sh) from the
# npm registry.
# Idempotent and safe to run concurrently (flock). Usage: install.sh [kafka|ferretdb|redis|daprd|schemathesis|node|all]...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

size_of() { du -sh "$1" | cut -f1; }
need() { local c; for c in "$@"; do command -v "$c" >/dev/null || die "$c is required (${need_hint:-see scripts/runtime/README.md})"; done; }

install_kafka() {
  if [ -f "$KAFKA_HOME/.complete" ]; then log "kafka $KAFKA_VERSION: cached in $KAFKA_HOME"; return; fi
  need_hint="apt-get install -y openjdk-17-jdk-headless maven" need java mvn
  local start=$SECONDS
  log "kafka $KAFKA_VERSION: downloading kafka_2.13, kafka-tools, slf4j-reload4j 1.7.36, reload4j 1.2.25 and their dependencies from Maven Central"
  rm -rf "$KAFKA_HOME" && mkdir -p "$KAFKA_HOME"
  cat >"$KAFKA_HOME/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.runtime</groupId><artifactId>kafka-runtime</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>
  </dependencies>
</project>
POM
  mvn -B -f "$KAFKA_HOME/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$KAFKA_HOME/libs" >"$KAFKA_HOME/mvn.log" 2>&1 ||
    { tail -n 30 "$KAFKA_HOME/mvn.log" >&2; die "Maven failed; full output in $KAFKA_HOME/mvn.log"; }
  [ -f "$KAFKA_HOME/libs/kafka_2.13-$KAFKA_VERSION.jar" ] || die "Maven did not produce kafka_2.13-$KAFKA_VERSION.jar"
  touch "$KAFKA_HOME/.complete"
  log "kafka $KAFKA_VERSION: $(find "$KAFKA_HOME/libs" -name '*.jar' | wc -l) jars, $(size_of "$KAFKA_HOME/libs"), in $((SECONDS - start)) s"
}

# writable_module <module> <version>: downloads the module from the Go module proxy and copies it into a
# fresh temporary folder, named in $MODULE_COPY and removed on exit (the module cache is read-only).
writable_module() {
  local src
  export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=mod"
  log "$1@$2: downloading from the Go module proxy"
  src="$(go mod download -json "$1@$2" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
  [ -d "$src" ] || die "go mod download of $1@$2 failed"
  MODULE_COPY="$(mktemp -d)"
  # shellcheck disable=SC2064  # expand now: the folder of this call
  trap "rm -rf '$MODULE_COPY'" EXIT
  cp -r "$src/." "$MODULE_COPY/" && chmod -R u+w "$MODULE_COPY"
}

install_ferretdb() {
  if [ -x "$FERRETDB_BIN" ]; then log "ferretdb $FERRETDB_VERSION: cached in $FERRETDB_HOME"; return; fi
  need_hint="Go 1.24 or newer" need go
  local start=$SECONDS build
  # `go install ...@version` cannot be used: it looks up the module's version list (for deprecations),
  # and the proxy answers 403 for FerretDB's. Downloading the exact version and building it works.
  writable_module github.com/FerretDB/FerretDB "$FERRETDB_VERSION"
  build="$MODULE_COPY"
  # The module zip lacks the generated version file that the binary reads at start-up.
  echo "$FERRETDB_VERSION" >"$build/build/version/version.txt"
  "$RUNTIME_SCRIPTS/patch-ferretdb.sh" "$build"
  log "ferretdb $FERRETDB_VERSION: building (patched for atomic writes; dependencies come from the module proxy)"
  mkdir -p "$FERRETDB_HOME/bin"
  (cd "$build" && go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb)
  "$FERRETDB_BIN.tmp" --version >/dev/null || die "the built ferretdb does not run"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$build"
  log "ferretdb $FERRETDB_VERSION: $(size_of "$FERRETDB_BIN") binary in $((SECONDS - start)) s"
}

install_redis() {
  local root
  if root="$(redis_root)"; then log "redis: cached in ${root%/root}"; return; fi
  need apt-get apt-cache dpkg dpkg-query
  local start=$SECONDS candidate version debs pkgs=(redis-server redis-tools) dep
  candidate="$(apt-cache policy redis-server 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
    log "redis: apt knows no redis-server yet; running apt-get update"
    apt-get update -qq >/dev/null
    candidate="$(apt-cache policy redis-server | awk '/Candidate:/ {print $2}')"
  fi
  version="${candidate#*:}"; version="${version%%-*}"
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then die "apt has no redis-server package"; fi
  # The shared libraries redis needs that are not installed here (libc, libssl and the like are: those stay the system's).
  for dep in $(apt-cache depends --no-recommends --no-suggests redis-tools | awk '/ Depends: lib/ {print $2}'); do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$dep" 2>/dev/null)" = installed ] || pkgs+=("$dep")
  done
  log "redis $version: downloading Debian packages ${pkgs[*]}"
  debs="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$debs'" EXIT
  (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${pkgs[@]}" >/dev/null)
  root="$CACHE_DIR/redis-$version/root"
  rm -rf "${root%/root}" && mkdir -p "$root"
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$root"; done
  rm -rf "$debs"
  touch "${root%/root}/.complete"
  if ! "$RUNTIME_SCRIPTS/redis.sh" redis-server --version >/dev/null; then
    rm -rf "${root%/root}"
    die "the extracted redis-server does not run (missing libraries?)"
  fi
  log "redis $version: $(size_of "$root") extracted to $root in $((SECONDS - start)) s"
}

# daprd_runs <binary>: the binary starts and reports a version.
daprd_runs() { "$1" --version >/dev/null 2>&1; }

install_daprd() {
  if [ -f "$DAPRD_HOME/.complete" ] && [ -x "$DAPRD_BIN" ]; then log "daprd $DAPR_VERSION: cached in $DAPRD_HOME"; return; fi
  # A binary built by hand with the same recipe before this script existed: adopt it if it runs.
  if [ -x "$DAPRD_BIN" ] && daprd_runs "$DAPRD_BIN"; then
    touch "$DAPRD_HOME/.complete"
    log "daprd $DAPR_VERSION: adopted the existing build in $DAPRD_HOME"
    return
  fi
  need_hint="Go 1.24 or newer" need go
  local start=$SECONDS build keep f c
  # `go install github.com/dapr/dapr/cmd/daprd@...` refuses dapr's go.mod (replace directives): build in a
  # writable copy of the module instead.
  writable_module github.com/dapr/dapr "$DAPR_VERSION"
  build="$MODULE_COPY"
  # Every file in cmd/daprd/components registers one component (all behind build tags); keeping only the
  # project's cuts the build from hundreds of modules to a few dozen.
  for f in "$build"/cmd/daprd/components/*.go; do
    keep=false
    for c in "${DAPRD_COMPONENTS[@]}"; do [ "$(basename "$f" .go)" = "$c" ] && keep=true; done
    $keep || rm -f "$f"
  done
  [ "$(find "$build/cmd/daprd/components" -name '*.go' | wc -l)" -eq "${#DAPRD_COMPONENTS[@]}" ] ||
    die "dapr $DAPR_VERSION: cmd/daprd/components does not hold the expected files (${DAPRD_COMPONENTS[*]})"
  log "daprd $DAPR_VERSION: building with ${DAPRD_COMPONENTS[*]} (several minutes on 2 cores)"
  mkdir -p "$DAPRD_HOME"
  (cd "$build" && go build -tags allcomponents \
    -ldflags "-X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR_VERSION#v}" -o "$DAPRD_BIN.tmp" ./cmd/daprd)
  daprd_runs "$DAPRD_BIN.tmp" || die "the built daprd does not run"
  mv "$DAPRD_BIN.tmp" "$DAPRD_BIN"
  touch "$DAPRD_HOME/.complete"
  rm -rf "$build"
  log "daprd $DAPR_VERSION: $(size_of "$DAPRD_BIN") binary in $((SECONDS - start)) s"
}

install_schemathesis() {
  if [ -f "$SCHEMATHESIS_HOME/.complete" ] && "$SCHEMATHESIS_BIN" --version >/dev/null 2>&1; then
    log "schemathesis $SCHEMATHESIS_VERSION: cached in $SCHEMATHESIS_HOME"; return
  fi
  need_hint="Python 3.9 or newer with the venv module" need python3
  local start=$SECONDS
  log "schemathesis $SCHEMATHESIS_VERSION: installing from PyPI into a virtualenv"
  rm -rf "$SCHEMATHESIS_HOME"
  python3 -m venv "$SCHEMATHESIS_HOME" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$SCHEMATHESIS_HOME/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2 ||
    die "pip install schemathesis==$SCHEMATHESIS_VERSION failed"
  "$SCHEMATHESIS_BIN" --version >/dev/null || die "the installed schemathesis does not run"
  touch "$SCHEMATHESIS_HOME/.complete"
  log "schemathesis $SCHEMATHESIS_VERSION: $(size_of "$SCHEMATHESIS_HOME") in $((SECONDS - start)) s"
}

install_node() {
  if [ -f "$NODE_HOME/.complete" ] && [ "$("$NODE_HOME/bin/node" --version 2>/dev/null)" = "v$NODE_VERSION" ]; then
    log "node $NODE_VERSION: cached in $NODE_HOME"; return
  fi
  need_hint="Node.js with npm (to fetch Node $NODE_VERSION from the npm registry)" need npm tar
  local start=$SECONDS cpu tmp tgz
  case "$(uname -m)" in x86_64) cpu=x64 ;; aarch64|arm64) cpu=arm64 ;; *) die "node: no node-linux package for $(uname -m)" ;; esac
  [ "$(uname -s)" = Linux ] || die "node: the cached Node is for Linux; install Node $NODE_VERSION yourself"
  log "node $NODE_VERSION: downloading node-linux-$cpu@$NODE_VERSION from the npm registry"
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064  # expand now: $tmp is local
  trap "rm -rf '$tmp'" EXIT
  # npm pack checks the tarball against the registry's integrity hash; the package holds bin/node and the
  # headers (include/node, which node-gyp uses to rebuild native addons without a download).
  tgz="$(cd "$tmp" && npm pack --silent "node-linux-$cpu@$NODE_VERSION")" || die "npm pack node-linux-$cpu@$NODE_VERSION failed"
  rm -rf "$NODE_HOME" && mkdir -p "$NODE_HOME"
  tar -xzf "$tmp/$tgz" -C "$NODE_HOME" --strip-components 1
  rm -rf "$tmp"
  [ "$("$NODE_HOME/bin/node" --version)" = "v$NODE_VERSION" ] || die "the downloaded node does not run as v$NODE_VERSION"
  touch "$NODE_HOME/.complete"
  log "node $NODE_VERSION: $(size_of "$NODE_HOME") in $NODE_HOME in $((SECONDS - start)) s"
}

# Runtime servers plus daprd; "all" (or nothing) means every one of them. schemathesis and node only when named.
install_targets() {
  if [ $# -eq 0 ] || [ "$1" = all ]; then servers_from_args all; echo daprd; return; fi
  local s
  for s in "$@"; do
    case "$s" in daprd|schemathesis|node) echo "$s" ;; *) servers_from_args "$s" ;; esac
  done
}

main() {
  local s start=$SECONDS
  for s in $(install_targets "$@"); do with_lock "$CACHE_DIR/.lock" "install_$s"; done
  [ $((SECONDS - start)) -lt 2 ] || log "install step took $((SECONDS - start)) s"
}
main "$@"
