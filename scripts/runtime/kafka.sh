#!/usr/bin/env bash
# Runs a Java class from the cached Kafka jars (tools, perf tests; JVM options in KAFKA_TOOL_OPTS), logging
# warnings to stderr:
# kafka.sh org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
[ -f "$KAFKA_HOME/.complete" ] || die "kafka is not installed: run scripts/runtime/install.sh kafka"
# shellcheck disable=SC2086  # KAFKA_TOOL_OPTS is a list of JVM options
exec java ${KAFKA_TOOL_OPTS:--Xmx512m} -Dlog4j.configuration="file:$RUNTIME_SCRIPTS/tools-log4j.properties" \
  -cp "$KAFKA_HOME/libs/*" "$@"
