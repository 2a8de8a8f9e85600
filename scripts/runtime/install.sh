#!/usr/bin/env bash
# Installs the runtime servers into the cache (idempotent): Kafka from Maven Central, FerretDB from the
# Go module proxy, Redis from Debian packages. Usage: install.sh [kafka|ferretdb|redis|all]...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

install_kafka() {
  [ -f "$KAFKA_HOME/.complete" ] && return
  log "installing Kafka $KAFKA_VERSION from Maven Central into $KAFKA_HOME"
  local start=$SECONDS
  rm -rf "$KAFKA_HOME" && mkdir -p "$KAFKA_HOME/libs"
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
  mvn -B -q -f "$KAFKA_HOME/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/libs"
  touch "$KAFKA_HOME/.complete"
  log "Kafka installed in $((SECONDS - start)) s ($(find "$KAFKA_HOME/libs" -name '*.jar' | wc -l) jars)"
}

install_ferretdb() {
  [ -x "$FERRETDB_BIN" ] && return
  log "building FerretDB $FERRETDB_VERSION from the Go module proxy"
  local start=$SECONDS src
  # `go install pkg@version` needs the module's version list, which the proxy refuses for FerretDB;
  # downloading the exact version and building inside a writable copy avoids that look-up.
  src="$(GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
  [ -d "$src" ] || die "go mod download of FerretDB $FERRETDB_VERSION failed"
  local build; build="$(mktemp -d)"
  cp -r "$src/." "$build/" && chmod -R u+w "$build"
  # The module zip lacks the generated version file the binary checks at start-up.
  echo "$FERRETDB_VERSION" >"$build/build/version/version.txt"
  "$REPO_ROOT/scripts/runtime/patch-ferretdb.sh" "$build"
  mkdir -p "$(dirname "$FERRETDB_BIN")"
  (cd "$build" && GOTOOLCHAIN=local CGO_ENABLED=0 go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb)
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$build"
  log "FerretDB built in $((SECONDS - start)) s"
}

install_redis() {
  [ -x "$REDIS_ROOT/usr/bin/redis-server" ] && return
  log "installing Redis from Debian packages (extracted, no system service)"
  local start=$SECONDS debs; debs="$(mktemp -d)"
  (cd "$debs" && apt-get download redis-server redis-tools liblzf1 libjemalloc2 >/dev/null 2>&1) || {
    apt-get update -qq >/dev/null
    (cd "$debs" && apt-get download redis-server redis-tools liblzf1 libjemalloc2 >/dev/null)
  }
  rm -rf "$REDIS_ROOT" && mkdir -p "$REDIS_ROOT"
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$REDIS_ROOT"; done
  rm -rf "$debs"
  "$REPO_ROOT/scripts/runtime/redis.sh" redis-server --version >/dev/null || die "extracted redis-server does not run"
  log "Redis installed in $((SECONDS - start)) s"
}

main() {
  local s
  for s in $(servers_from_args "$@"); do
    with_cache_lock "install_$s"
  done
}
main "$@"
