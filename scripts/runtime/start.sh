#!/usr/bin/env bash
# Starts the runtime servers on 127.0.0.1 (installing them first if needed) and waits until each is healthy.
# A server of ours that already runs is left alone. Usage: start.sh [kafka|ferretdb|redis|all]...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

KAFKA_STATE="$STATE_DIR/kafka"

# launch <name> <command...>: a session of its own (so stop.sh can signal the whole group), output appended
# to the server's log, cwd in the state dir, the start lock (fd 9) not inherited, pid recorded.
launch() {
  local name="$1"; shift
  (cd "$STATE_DIR" && exec setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null 9>&-) &
  write_pid "$name" $!
}

# --- health checks ---
kafka_healthy() {
  port_open 127.0.0.1 "$KAFKA_PORT" &&
    KAFKA_TOOL_OPTS="-Xmx256m -XX:TieredStopAtLevel=1" timeout 30 "$RUNTIME_SCRIPTS/kafka.sh" org.apache.kafka.tools.TopicCommand \
      --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list >/dev/null 2>&1
}

# A real MongoDB wire-protocol ping (OP_MSG {ping: 1, $db: "admin"}), answered with {ok: 1.0}.
ferretdb_healthy() {
  # shellcheck disable=SC2016  # $1, $db and $(...) belong to the inner bash
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "\x33\0\0\0\x01\0\0\0\0\0\0\0\xdd\x07\0\0\0\0\0\0\0\x1e\0\0\0\x10ping\0\x01\0\0\0\x02\$db\0\x06\0\0\0admin\0\0" >&3
    len=$(dd bs=1 count=4 <&3 2>/dev/null | od -An -tu4 | tr -d " ")
    dd bs=1 count=$((len - 4)) <&3 2>/dev/null | od -An -tx1 -v | tr -d "\n"' _ "$MONGO_PORT" 2>/dev/null |
    grep -q '01 6f 6b 00 00 00 00 00 00 00 f0 3f'
}

redis_healthy() { [ "$("$RUNTIME_SCRIPTS/redis.sh" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

# --- starting ---
kafka_config() {
  cat >"$KAFKA_STATE/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_STATE/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=-1
PROPS
  cat >"$KAFKA_STATE/log4j.properties" <<L4J
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$LOG_DIR/kafka-server.log
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
L4J
}

start_kafka() {
  mkdir -p "$KAFKA_STATE/data"
  kafka_config
  if [ ! -f "$KAFKA_STATE/data/meta.properties" ]; then
    local cluster_id
    cluster_id="$(KAFKA_TOOL_OPTS=-Xmx256m "$RUNTIME_SCRIPTS/kafka.sh" kafka.tools.StorageTool random-uuid)"
    log "kafka: formatting storage in $KAFKA_STATE/data (cluster id $cluster_id)"
    KAFKA_TOOL_OPTS=-Xmx256m "$RUNTIME_SCRIPTS/kafka.sh" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$KAFKA_STATE/server.properties" >>"$LOG_DIR/kafka.log" 2>&1
  fi
  local heap
  read -r -a heap <<<"${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g}"
  launch kafka java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -XX:ErrorFile="$LOG_DIR/kafka-hs_err_pid%p.log" -Dkafka.logs.dir="$LOG_DIR" \
    -Dlog4j.configuration="file:$KAFKA_STATE/log4j.properties" \
    -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$KAFKA_STATE/server.properties"
}

start_ferretdb() {
  mkdir -p "$STATE_DIR/ferretdb/data"
  # WAL with synchronous=NORMAL: a commit survives a crash of any process (not a power cut) and costs
  # no fsync; FULL (SQLite's default) made every single-document update wait for the disk.
  # wal_autocheckpoint 20000 pages (80 MB) instead of 1000: FerretDB commits every updated document on its
  # own, and past the threshold each commit runs a checkpoint that sorts the WAL's page index again. In
  # `make bench`'s P1 (pprof through FERRETDB_DEBUG_ADDR) checkpoints took 19-21 % of FerretDB's CPU at
  # 1000 and 6-7 % at 20000 (bench/README.md).
  launch ferretdb "$FERRETDB_BIN" --handler=sqlite \
    --sqlite-url="file:$STATE_DIR/ferretdb/data/?_pragma=synchronous(${FERRETDB_SQLITE_SYNCHRONOUS:-normal})&_pragma=wal_autocheckpoint(${FERRETDB_SQLITE_AUTOCHECKPOINT:-20000})" \
    --listen-addr="127.0.0.1:$MONGO_PORT" --state-dir="$STATE_DIR/ferretdb" --telemetry=disable \
    --debug-addr="${FERRETDB_DEBUG_ADDR:--}" --log-level=warn
}

start_redis() {
  mkdir -p "$STATE_DIR/redis"
  launch redis "$RUNTIME_SCRIPTS/redis.sh" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" \
    --appendonly no --daemonize no --dir "$STATE_DIR/redis" --logfile "$LOG_DIR/redis.log"
}

# --- orchestration ---
fail_with_log() {
  local name="$1" f
  log "$name: $2; last lines of its logs:"
  for f in "$LOG_DIR/$name.log" "$LOG_DIR/$name-server.log"; do
    [ -s "$f" ] && { echo "--- $f" >&2; tail -n 30 "$f" >&2; }
  done
  "$RUNTIME_SCRIPTS/stop.sh" "$name" >&2 || true
  exit 1
}

wait_healthy() {
  local name="$1" deadline=$((SECONDS + $2))
  until "${name}_healthy"; do
    alive "$(cat "$(pid_file "$name")")" || fail_with_log "$name" "the process exited during start-up"
    [ $SECONDS -lt $deadline ] || fail_with_log "$name" "not healthy after $2 s"
    sleep 0.5
  done
}

# Fails if a port we need is taken by a process that is not ours.
require_free_port() {
  local name="$1" port="$2" var="$3"
  port_open 127.0.0.1 "$port" || return 0
  log "$name: port $port is already in use by a process this runtime did not start:"
  ss -ltnp "sport = :$port" 2>/dev/null | tail -n +2 >&2 || true
  die "$name: stop that process or choose another port with $var=<port>"
}

# Launches the server unless ours already runs; fails if a port it needs is taken by someone else.
launch_one() {
  local name="$1"
  local pid
  if pid="$(running_pid "$name")"; then log "$name: already running (pid $pid)"; return; fi
  remove_pid "$name"
  case "$name" in
    kafka) require_free_port kafka "$KAFKA_PORT" KAFKA_PORT
           require_free_port kafka "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT ;;
    ferretdb) require_free_port ferretdb "$MONGO_PORT" MONGO_PORT ;;
    redis) require_free_port redis "$REDIS_PORT" REDIS_PORT ;;
  esac
  "start_$name"
  log "$name: started (pid $(cat "$(pid_file "$name")")); waiting until healthy"
}

# Launches every server first, then waits for each: they start up in parallel.
start_all() {
  local s start=$SECONDS
  local -A timeout=([kafka]=120 [ferretdb]=30 [redis]=20)
  for s in "$@"; do launch_one "$s"; done
  for s in "$@"; do
    wait_healthy "$s" "${timeout[$s]}"
    log "$s: healthy on 127.0.0.1:$(port_of "$s") (pid $(running_pid "$s")) after $((SECONDS - start)) s"
  done
  log "logs: $LOG_DIR (kafka-server.log, kafka.log, ferretdb.log, redis.log)"
}

main() {
  local list servers
  list="$(servers_from_args "$@")"
  mapfile -t servers <<<"$list"
  "$RUNTIME_SCRIPTS/install.sh" "${servers[@]}"
  with_lock "$STATE_DIR/.start.lock" start_all "${servers[@]}"
}
main "$@"
