#!/usr/bin/env bash
# Starts the runtime servers on 127.0.0.1 (installing them first if needed) and waits until each is
# healthy. A server that already runs is left alone. Usage: start.sh [kafka|ferretdb|redis|all]...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

# launch <name> <command...>: detached from this shell, output to the server's log, pid recorded.
launch() {
  local name="$1"; shift
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$(pid_file "$name")"
}

fail_with_log() {
  log "$1 did not become healthy; last lines of $LOG_DIR/$1.log:"
  tail -n 30 "$LOG_DIR/$1.log" >&2 || true
  "$(dirname "$0")/stop.sh" "$1" || true
  exit 1
}

kafka_props() {
  local data="$STATE_DIR/kafka/data"
  cat <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=-1
PROPS
}

kafka_log4j() {
  cat <<L4J
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$LOG_DIR/kafka-server.log
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
L4J
}

kafka_java() { java -Xmx256m -Dlog4j.configuration="file:$STATE_DIR/kafka/log4j.properties" -cp "$KAFKA_HOME/libs/*" "$@"; }

kafka_ready() { kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list; }

start_kafka() {
  mkdir -p "$STATE_DIR/kafka/data"
  kafka_props >"$STATE_DIR/kafka/server.properties"
  kafka_log4j >"$STATE_DIR/kafka/log4j.properties"
  if [ ! -f "$STATE_DIR/kafka/data/meta.properties" ]; then
    kafka_java kafka.tools.StorageTool format -t "$(kafka_java kafka.tools.StorageTool random-uuid)" \
      -c "$STATE_DIR/kafka/server.properties" >>"$LOG_DIR/kafka.log" 2>&1
  fi
  launch kafka java ${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g} -XX:+UseG1GC -Dlog4j.configuration="file:$STATE_DIR/kafka/log4j.properties" \
    -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$STATE_DIR/kafka/server.properties"
  wait_for 90 "Kafka on 127.0.0.1:$KAFKA_PORT" port_open "$KAFKA_PORT" || fail_with_log kafka
  wait_for 60 "Kafka metadata" kafka_ready || fail_with_log kafka
}

start_ferretdb() {
  mkdir -p "$STATE_DIR/ferretdb/data"
  launch ferretdb "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$STATE_DIR/ferretdb/data/" \
    --listen-addr="127.0.0.1:$MONGO_PORT" --state-dir="$STATE_DIR/ferretdb" --telemetry=disable \
    --debug-addr=- --log-level=warn
  wait_for 30 "FerretDB on 127.0.0.1:$MONGO_PORT" port_open "$MONGO_PORT" || fail_with_log ferretdb
}

redis_ping() { [ "$("$(dirname "$0")/redis.sh" redis-cli -p "$REDIS_PORT" ping)" = PONG ]; }

start_redis() {
  launch redis "$(dirname "$0")/redis.sh" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" \
    --appendonly no --daemonize no --dir "$STATE_DIR"
  wait_for 20 "Redis on 127.0.0.1:$REDIS_PORT" redis_ping || fail_with_log redis
}

main() {
  local s servers
  servers="$(servers_from_args "$@")"
  # shellcheck disable=SC2086
  "$(dirname "$0")/install.sh" $servers
  for s in $servers; do
    if running_pid "$s" >/dev/null; then log "$s already running (pid $(running_pid "$s"))"; continue; fi
    if port_open "$(port_of "$s")"; then die "port $(port_of "$s") is taken by a process this runtime did not start; stop it or set the port variable"; fi
    "start_$s"
  done
  log "logs: $LOG_DIR"
}
main "$@"
