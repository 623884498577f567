# shellcheck shell=bash
# Shared functions for the end-to-end scripts: a real Kafka broker (KRaft), a real Flink standalone
# cluster (separate JobManager / TaskManager JVMs), kcat and Prometheus, all on 127.0.0.1.
#
# Source it from a script that runs with `set -euo pipefail`:
#   source "$(dirname "$0")/lib.sh"
# Sourcing installs an EXIT trap (`cleanup`) that stops every process these functions started, by PID,
# and prints the logs if the script failed. A script that needs its own EXIT trap must call `cleanup`.
#
# Functions (all ports on 127.0.0.1; logs under $E2E_WORK, printed when the script fails):
#   e2e_init                      clear leftovers of an earlier (killed) run; call first
#   e2e_cluster_libs              assemble Flink/Kafka jars with ./mvnw -f e2e/cluster/pom.xml (cached)
#   kcat_install, prometheus_install   Debian packages, only if missing (service is never started)
#   kafka_start DIR PORT          KRaft broker+controller (controller on PORT+1); kafka_stop
#   kafka_create_topic NAME [PARTITIONS]; kafka_bootstrap -> 127.0.0.1:PORT
#   kcat_committed TOPIC MAX SECONDS FORMAT FILE   read_committed records of TOPIC into FILE
#   flink_start DIR               JobManager + TaskManager, ready when REST shows the slots
#   flink_tm_kill9, flink_tm_start    crash / replace the TaskManager
#   flink_submit JAR ENTRYCLASS [ARGS...]   prints job id (env FLINK_SAVEPOINT_PATH to restore)
#   flink_wait_job_running [JOBID] [TIMEOUT_S]; flink_wait_job_recovered JOBID RESTORES_BEFORE
#   flink_job_state, flink_job_restores, flink_stop_savepoint, flink_cancel [JOBID]; flink_stop_all
#   prometheus_start CONFIG, prometheus_query EXPR, prometheus_stop
#   kafka_launch/kafka_wait_ready and flink_launch/flink_wait_ready   the start functions in halves,
#                                 to overlap the two start-ups
#   e2e_step NAME CMD...          run and time a step; e2e_print_timings
#
# Tunables (environment): E2E_WORK (logs, data; default <repo>/target/e2e), FLINK_REST_PORT (8081),
# FLINK_RPC_PORT (6123), FLINK_PROM_PORTS (9249-9250), FLINK_SLOTS (2), FLINK_EXTRA_CONF (extra
# config.yaml lines), KAFKA_AUTO_CREATE_TOPICS (false), PROM_PORT (9090).

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
E2E_ROOT="$(cd "$E2E_DIR/.." && pwd)"
E2E_WORK="${E2E_WORK:-$E2E_ROOT/target/e2e}"
FLINK_LIB="${FLINK_LIB:-$E2E_DIR/cluster/target/flink-lib}"
KAFKA_LIB="${KAFKA_LIB:-$E2E_DIR/cluster/target/kafka-lib}"
FLINK_REST_PORT="${FLINK_REST_PORT:-8081}"
FLINK_RPC_PORT="${FLINK_RPC_PORT:-6123}"
FLINK_PROM_PORTS="${FLINK_PROM_PORTS:-9249-9250}"
FLINK_SLOTS="${FLINK_SLOTS:-2}"
PROM_PORT="${PROM_PORT:-9090}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

# Flink's own distribution passes these on Java 17 (env.java.opts.all in its config.yaml).
# short-lived tool JVMs (memory calculation, topic admin) start faster without the C2 compiler
E2E_TOOL_JVM="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
FLINK_JVM_OPENS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

KAFKA_PID="" KAFKA_DIR="" KAFKA_PORT=""
FLINK_JM_PID="" FLINK_TM_PID="" FLINK_DIR="" FLINK_TM_COUNT=0 FLINK_TM_PARAMS="" FLINK_JOB_ID=""
PROM_PID=""
E2E_APT_UPDATED=""

# ---------------------------------------------------------------- logging, timing, errors

e2e_log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

e2e_fail() {
  printf '[e2e] FAILED: %s\n' "$*" >&2
  exit 1
}

e2e_now() { echo "${EPOCHREALTIME/,/.}"; }

# e2e_elapsed START -> seconds since START with one decimal
e2e_elapsed() { awk -v a="$1" -v b="$(e2e_now)" 'BEGIN { printf "%.1f", b - a }'; }

E2E_TIMINGS=()
# e2e_step NAME CMD... : runs CMD, prints and records how long it took
e2e_step() {
  local name="$1"; shift
  local t0; t0="$(e2e_now)"
  e2e_log "step: $name"
  "$@"
  local dt; dt="$(e2e_elapsed "$t0")"
  E2E_TIMINGS+=("$(printf '%-34s %6ss' "$name" "$dt")")
  e2e_log "step: $name done in ${dt}s"
}

e2e_print_timings() {
  local line
  printf '[e2e] timings:\n' >&2
  for line in "${E2E_TIMINGS[@]}"; do printf '  %s\n' "$line" >&2; done
}

# ---------------------------------------------------------------- processes and ports

# PIDs are remembered in pid files too, so a run that was killed hard (no trap) is cleaned up by
# the next one: a stale PID is only killed if its command line still names our work dir.
e2e_pid_file() { echo "$E2E_WORK/pids/$1.pid"; }

e2e_track() { # NAME PID
  mkdir -p "$E2E_WORK/pids"
  echo "$2" > "$(e2e_pid_file "$1")"
}

e2e_untrack() { rm -f "$(e2e_pid_file "$1")"; }

e2e_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# e2e_kill PID [GRACE_SECONDS]: SIGTERM, wait, then SIGKILL
e2e_kill() {
  local pid="$1" grace="${2:-20}" i
  e2e_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    e2e_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  e2e_log "pid $pid did not stop in ${grace}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

e2e_kill_stale() {
  local f pid
  [[ -d "$E2E_WORK/pids" ]] || return 0
  for f in "$E2E_WORK"/pids/*.pid; do
    [[ -e "$f" ]] || continue
    pid="$(cat "$f")"
    if e2e_alive "$pid" && [[ "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" == *"$E2E_WORK"* ]]; then
      e2e_log "stopping leftover $(basename "$f" .pid) (pid $pid) from an earlier run"
      kill -KILL "$pid" 2>/dev/null || true
      while e2e_alive "$pid"; do sleep 0.1; done
    fi
    rm -f "$f"
  done
}

# e2e_get URL: the body of a GET, "" if it fails. Callers grep the result instead of piping curl into
# `grep -q`: grep exits at the first match, curl dies of SIGPIPE and pipefail turns a match into failure.
e2e_get() { curl -sf --max-time 5 "$1" 2>/dev/null || true; }

e2e_port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

e2e_require_free_port() {
  local p
  for p in "$@"; do
    if e2e_port_busy "$p"; then
      e2e_fail "port 127.0.0.1:$p is already in use (another cluster running? $(command -v ss >/dev/null && ss -ltnpH "sport = :$p" | head -1))"
    fi
  done
}

e2e_print_logs() {
  local f
  [[ -d "$E2E_WORK" ]] || return 0
  while IFS= read -r f; do
    printf '\n===== %s (last 80 lines) =====\n' "$f" >&2
    tail -n 80 "$f" >&2 || true
  done < <(find "$E2E_WORK" -path "$E2E_WORK/*/data" -prune -o -type f \( -name '*.log' -o -name '*.out' \) -print 2>/dev/null | sort)
}

# Stops everything started through this file, by PID (never by process name).
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  if ((rc != 0)); then
    e2e_log "exit status $rc: logs follow (all under $E2E_WORK)"
    e2e_print_logs
  fi
  e2e_kill "$PROM_PID" 5; e2e_untrack prometheus; PROM_PID=""
  e2e_kill "$FLINK_TM_PID" 20; e2e_untrack flink-tm; FLINK_TM_PID=""
  e2e_kill "$FLINK_JM_PID" 20; e2e_untrack flink-jm; FLINK_JM_PID=""
  e2e_kill "$KAFKA_PID" 30; e2e_untrack kafka; KAFKA_PID=""
  exit "$rc"
}

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Call once at the start of a script: clears leftovers of an earlier run.
e2e_init() {
  mkdir -p "$E2E_WORK"
  e2e_kill_stale
}

# ---------------------------------------------------------------- tools

# Builds the Flink / Kafka lib folders (e2e/cluster) unless they are newer than every cluster POM.
e2e_cluster_libs() {
  local stamp="$E2E_DIR/cluster/target/.libs-ok"
  if [[ -f "$stamp" && -z "$(find "$E2E_DIR/cluster" -name pom.xml -newer "$stamp")" ]]; then
    return 0
  fi
  (cd "$E2E_ROOT" && ./mvnw -q -B -ntp -f e2e/cluster/pom.xml package) || e2e_fail "could not assemble the cluster jars (e2e/cluster)"
  touch "$stamp"
}

e2e_sudo() { if ((EUID == 0)); then "$@"; else sudo "$@"; fi; }

e2e_apt_update_once() {
  [[ -n "$E2E_APT_UPDATED" ]] && return 0
  e2e_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq || e2e_fail "apt-get update failed"
  E2E_APT_UPDATED=1
}

# Installs kcat from Debian unless it is already on PATH.
kcat_install() {
  command -v kcat >/dev/null && return 0
  e2e_apt_update_once
  e2e_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kcat >/dev/null \
    || e2e_fail "apt-get install kcat failed"
  command -v kcat >/dev/null || e2e_fail "kcat still not on PATH after install"
}

# Installs Debian's prometheus package without letting its maintainer scripts start the service:
# the scripts run the binary themselves (prometheus_start).
prometheus_install() {
  command -v prometheus >/dev/null && return 0
  e2e_apt_update_once
  local policy=/usr/sbin/policy-rc.d created=""
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | e2e_sudo tee "$policy" >/dev/null && e2e_sudo chmod +x "$policy" && created=1
  fi
  e2e_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  local rc=$?
  [[ -n "$created" ]] && e2e_sudo rm -f "$policy"
  ((rc == 0)) || e2e_fail "apt-get install prometheus failed"
  command -v prometheus >/dev/null || e2e_fail "prometheus still not on PATH after install"
}

# ---------------------------------------------------------------- Kafka (KRaft, one node)

# kafka_start DIR PORT: broker on 127.0.0.1:PORT, controller on PORT+1; fresh storage unless
# KAFKA_KEEP_DATA=1 and DIR already holds a formatted log dir.
kafka_start() {
  kafka_launch "$1" "$2"
  kafka_wait_ready
}

# kafka_launch DIR PORT: like kafka_start without waiting (then kafka_wait_ready)
kafka_launch() {
  local dir="$1" port="$2" ctrl=$(($2 + 1))
  [[ -z "$KAFKA_PID" ]] || e2e_fail "kafka_start: a broker is already running (pid $KAFKA_PID)"
  [[ -d "$KAFKA_LIB" ]] || e2e_fail "kafka_start: no $KAFKA_LIB (run e2e_cluster_libs)"
  e2e_require_free_port "$port" "$ctrl"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [[ "${KAFKA_KEEP_DATA:-0}" != 1 || ! -f "$dir/data/meta.properties" ]]; then
    rm -rf "$dir/data"
  fi
  mkdir -p "$dir/data"
  cat > "$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$ctrl
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$ctrl
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=${KAFKA_AUTO_CREATE_TOPICS:-false}
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# forecasts carry their origin's event time (the test data is from 2014): with time retention on, the first
# retention check (30 s after start) deletes them (flink/KAFKA.md, Topics)
log.retention.ms=-1
EOF
  cat > "$dir/log4j2.properties" <<EOF
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = $dir/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
  # command-line tools (storage format, topic admin) must not write into the broker's log file
  cat > "$dir/log4j2-tools.properties" <<'EOF'
status = warn
appender.err.type = Console
appender.err.name = err
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = err
EOF
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    # cluster id = 16 random bytes, base64url without padding (what StorageTool random-uuid prints); passed as
    # --cluster-id=ID because an id may start with "-" (1 in 64), which the tool would read as an option
    local id
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    # shellcheck disable=SC2086
    java $E2E_TOOL_JVM "-Dlog4j2.configurationFile=file:$dir/log4j2-tools.properties" -cp "$KAFKA_LIB/*" \
      kafka.tools.StorageTool format "--cluster-id=$id" -c "$dir/server.properties" >>"$dir/format.out" 2>&1 \
      || e2e_fail "kafka storage format failed (log: $dir/format.out)"
  fi
  # keep the log of an earlier broker in this dir (restart tests); readiness is read from a fresh one
  [[ ! -s "$dir/server.log" ]] || mv "$dir/server.log" "$dir/server-$(date +%s).log"
  java -Xms256m -Xmx512m -XX:+UseG1GC "-Dlog4j2.configurationFile=file:$dir/log4j2.properties" -cp "$KAFKA_LIB/*" \
    kafka.Kafka "$dir/server.properties" >"$dir/kafka.out" 2>&1 &
  KAFKA_PID=$! KAFKA_DIR="$dir" KAFKA_PORT="$port"
  e2e_track kafka "$KAFKA_PID"
}

kafka_wait_ready() {
  local t0; t0="$(e2e_now)"
  until grep -q 'Kafka Server started' "$KAFKA_DIR/server.log" 2>/dev/null && e2e_port_busy "$KAFKA_PORT"; do
    e2e_alive "$KAFKA_PID" || e2e_fail "kafka exited during startup (log: $KAFKA_DIR/server.log)"
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < 60 )) || e2e_fail "kafka not ready after 60s (log: $KAFKA_DIR/server.log)"
    sleep 0.2
  done
  e2e_log "kafka ready on 127.0.0.1:$KAFKA_PORT (pid $KAFKA_PID)"
}

kafka_bootstrap() { echo "127.0.0.1:$KAFKA_PORT"; }

# kcat_committed TOPIC MAX SECONDS FORMAT FILE: committed records of TOPIC (isolation.level=read_committed) from
# the beginning, formatted by kcat's -f FORMAT, into FILE, until MAX arrived or SECONDS passed (kcat errors go to
# $E2E_WORK/kcat-consume.log). Not `-e`: with read_committed, kcat/librdkafka can report the end of a partition
# early (fetches that end in transaction markers), which undercounts.
kcat_committed() {
  local rc=0
  timeout "$3" kcat -C -b "$(kafka_bootstrap)" -t "$1" -o beginning -c "$2" -q -X isolation.level=read_committed \
    -f "$4" >"$5" 2>>"$E2E_WORK/kcat-consume.log" || rc=$?
  ((rc == 0 || rc == 124)) || e2e_fail "kcat -C $1 failed with $rc (log: $E2E_WORK/kcat-consume.log)"
}

# kafka_create_topic NAME [PARTITIONS]: with Kafka's own TopicCommand (kcat cannot create topics)
kafka_create_topic() {
  local name="$1" parts="${2:-1}"
  [[ -n "$KAFKA_PID" ]] || e2e_fail "kafka_create_topic: kafka is not running"
  # shellcheck disable=SC2086
  java $E2E_TOOL_JVM -Xmx256m "-Dlog4j2.configurationFile=file:$KAFKA_DIR/log4j2-tools.properties" -cp "$KAFKA_LIB/*" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$(kafka_bootstrap)" --create --if-not-exists \
    --topic "$name" --partitions "$parts" --replication-factor 1 >>"$KAFKA_DIR/admin.out" 2>&1 \
    || e2e_fail "could not create topic $name (log: $KAFKA_DIR/admin.out)"
}

kafka_stop() {
  [[ -n "$KAFKA_PID" ]] || return 0
  e2e_kill "$KAFKA_PID" 30
  e2e_untrack kafka
  KAFKA_PID=""
}

# ---------------------------------------------------------------- Flink standalone cluster

flink_rest() { echo "http://127.0.0.1:$FLINK_REST_PORT"; }

# e2e_bash_java_utils COMMAND: Flink's own memory calculation (what bin/config.sh does); prints two
# lines: JVM flags, then dynamic -D options
e2e_bash_java_utils() {
  local out
  # shellcheck disable=SC2086
  out="$(java $E2E_TOOL_JVM -Xmx128m -cp "$FLINK_LIB/*" "-Dlog4j.configurationFile=file:$FLINK_DIR/conf/log4j-cli.properties" \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$FLINK_DIR/conf" 2>&1)" \
    || e2e_fail "BashJavaUtils $1 failed: $out"
  sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' <<<"$out"
}

e2e_flink_conf() {
  local dir="$1"
  cat > "$dir/conf/config.yaml" <<EOF
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $FLINK_RPC_PORT
jobmanager.bind-host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $FLINK_REST_PORT
jobmanager.memory.process.size: 768m
taskmanager.memory.process.size: 1024m
taskmanager.memory.managed.fraction: 0.2
taskmanager.numberOfTaskSlots: $FLINK_SLOTS
parallelism.default: 1
state.backend.type: rocksdb
execution.checkpointing.incremental: true
execution.checkpointing.dir: file://$dir/checkpoints
execution.checkpointing.savepoint-dir: file://$dir/savepoints
metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
metrics.reporter.prom.port: $FLINK_PROM_PORTS
cluster.registration.error-delay: 1s
heartbeat.interval: 2000
heartbeat.timeout: 20000
io.tmp.dirs: $dir/tmp
web.upload.dir: $dir/web-upload
web.tmpdir: $dir/web-tmp
env.java.opts.all: $FLINK_JVM_OPENS
EOF
  [[ -z "${FLINK_EXTRA_CONF:-}" ]] || printf '%s\n' "$FLINK_EXTRA_CONF" >> "$dir/conf/config.yaml"
  cat > "$dir/conf/log4j.properties" <<'EOF'
monitorInterval = 0
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.pekko.name = org.apache.pekko
logger.pekko.level = INFO
logger.kafka.name = org.apache.kafka
logger.kafka.level = INFO
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = ERROR
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
EOF
  cat > "$dir/conf/log4j-cli.properties" <<'EOF'
rootLogger.level = WARN
rootLogger.appenderRef.console.ref = ConsoleAppender
appender.console.name = ConsoleAppender
appender.console.type = CONSOLE
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c - %m%n
EOF
}

# e2e_overview_field NAME: an integer field of REST /overview ("" if the REST API does not answer)
e2e_overview_field() {
  local body; body="$(e2e_get "$(flink_rest)/overview")"
  if [[ "$body" =~ \"$1\":([0-9]+) ]]; then echo "${BASH_REMATCH[1]}"; fi
}

# flink_start DIR: JobManager + one TaskManager; returns when REST /overview shows the TaskManager's slots
flink_start() {
  flink_launch "$1"
  flink_wait_ready
}

# flink_launch DIR: like flink_start without waiting (overlap it with kafka_launch, then flink_wait_ready)
flink_launch() {
  local dir="$1"
  [[ -z "$FLINK_JM_PID" ]] || e2e_fail "flink_start: a JobManager is already running (pid $FLINK_JM_PID)"
  [[ -d "$FLINK_LIB" ]] || e2e_fail "flink_start: no $FLINK_LIB (run e2e_cluster_libs)"
  e2e_require_free_port "$FLINK_REST_PORT" "$FLINK_RPC_PORT"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  rm -rf "$dir/conf" "$dir/log" "$dir/tmp" "$dir/web-upload" "$dir/web-tmp"
  mkdir -p "$dir/conf" "$dir/log" "$dir/tmp" "$dir/web-upload" "$dir/web-tmp" "$dir/checkpoints" "$dir/savepoints"
  FLINK_DIR="$dir" FLINK_TM_COUNT=0 FLINK_TM_PARAMS=""
  e2e_flink_conf "$dir"

  local params
  params="$(e2e_bash_java_utils GET_JM_RESOURCE_PARAMS)"
  [[ "$(wc -l <<<"$params")" == 2 ]] || e2e_fail "BashJavaUtils gave no JobManager memory flags: $params"
  # shellcheck disable=SC2086,SC2046 # flag lists are meant to split into words
  java $(sed -n 1p <<<"$params") $FLINK_JVM_OPENS -XX:+UseG1GC "-Dlog.file=$dir/log/jobmanager.log" \
    "-Dlog4j.configurationFile=file:$dir/conf/log4j.properties" -cp "$FLINK_LIB/*" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$dir/conf" --executionMode cluster $(sed -n 2p <<<"$params") >"$dir/log/jobmanager.out" 2>&1 &
  FLINK_JM_PID=$!
  e2e_track flink-jm "$FLINK_JM_PID"
  # the TaskManager keeps retrying (every cluster.registration.error-delay) until the JobManager is up
  flink_tm_launch
}

flink_wait_ready() {
  flink_tm_wait_registered
  e2e_log "flink ready: REST $(flink_rest), $(e2e_overview_field slots-total) slots (jm pid $FLINK_JM_PID, tm pid $FLINK_TM_PID)"
}

# flink_tm_start: starts a (new) TaskManager and waits until it has registered with the JobManager
flink_tm_start() {
  flink_tm_launch
  flink_tm_wait_registered
}

flink_tm_launch() {
  [[ -n "$FLINK_DIR" && -n "$FLINK_JM_PID" ]] || e2e_fail "flink_tm_start: flink_start first"
  [[ -z "$FLINK_TM_PID" ]] || e2e_fail "flink_tm_start: a TaskManager is already running (pid $FLINK_TM_PID)"
  FLINK_TM_COUNT=$((FLINK_TM_COUNT + 1))
  local dir="$FLINK_DIR" n="$FLINK_TM_COUNT"
  if [[ -z "$FLINK_TM_PARAMS" ]]; then
    FLINK_TM_PARAMS="$(e2e_bash_java_utils GET_TM_RESOURCE_PARAMS)"
    [[ "$(wc -l <<<"$FLINK_TM_PARAMS")" == 2 ]] || e2e_fail "BashJavaUtils gave no TaskManager memory flags: $FLINK_TM_PARAMS"
  fi
  # a fixed resource id per start, so a restarted TaskManager can be told apart from the dead one
  # shellcheck disable=SC2086,SC2046
  java $(sed -n 1p <<<"$FLINK_TM_PARAMS") $FLINK_JVM_OPENS -XX:+UseG1GC "-Dlog.file=$dir/log/taskmanager-$n.log" \
    "-Dlog4j.configurationFile=file:$dir/conf/log4j.properties" -cp "$FLINK_LIB/*" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$dir/conf" $(sed -n 2p <<<"$FLINK_TM_PARAMS") -D "taskmanager.resource-id=tm-$n" \
    >"$dir/log/taskmanager-$n.out" 2>&1 &
  FLINK_TM_PID=$!
  e2e_track flink-tm "$FLINK_TM_PID"
}

flink_tm_wait_registered() {
  local n="$FLINK_TM_COUNT" t0; t0="$(e2e_now)"
  until [[ "$(e2e_get "$(flink_rest)/taskmanagers")" == *"\"id\":\"tm-$n\""* ]]; do
    e2e_alive "$FLINK_JM_PID" || e2e_fail "flink JobManager exited (log: $FLINK_DIR/log/jobmanager.log)"
    e2e_alive "$FLINK_TM_PID" || e2e_fail "flink TaskManager exited (log: $FLINK_DIR/log/taskmanager-$n.log)"
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < 90 )) || e2e_fail "TaskManager tm-$n not registered after 90s (logs: $FLINK_DIR/log)"
    sleep 0.3
  done
}

# flink_tm_kill9: hard crash of the TaskManager (for recovery tests)
flink_tm_kill9() {
  [[ -n "$FLINK_TM_PID" ]] || e2e_fail "flink_tm_kill9: no TaskManager running"
  kill -KILL "$FLINK_TM_PID" 2>/dev/null || true
  wait "$FLINK_TM_PID" 2>/dev/null || true
  e2e_untrack flink-tm
  e2e_log "TaskManager tm-$FLINK_TM_COUNT (pid $FLINK_TM_PID) killed with SIGKILL"
  FLINK_TM_PID=""
}

flink_stop_all() {
  e2e_kill "$FLINK_TM_PID" 20; e2e_untrack flink-tm; FLINK_TM_PID=""
  e2e_kill "$FLINK_JM_PID" 20; e2e_untrack flink-jm; FLINK_JM_PID=""
}

# e2e_json_str_field JSON NAME: the first string value of "NAME" in JSON ("" if none). Plain bash on
# purpose: no jq on a clean box, and a grep pipeline that finds nothing would trip `set -e -o pipefail`.
e2e_json_str_field() {
  if [[ "$1" =~ \"$2\":\"([^\"]*)\" ]]; then echo "${BASH_REMATCH[1]}"; fi
}

# e2e_json_str S: S as a JSON string literal
e2e_json_str() {
  local s="$1"
  s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\n'/\\n}"; s="${s//$'\r'/\\r}"; s="${s//$'\t'/\\t}"
  printf '"%s"' "$s"
}

# flink_submit JAR ENTRYCLASS [ARGS...]: uploads JAR through REST, runs it, prints the job id (also
# kept in FLINK_JOB_ID). Optional env: FLINK_SAVEPOINT_PATH (restore from it), FLINK_PARALLELISM,
# FLINK_ALLOW_NON_RESTORED_STATE=true.
flink_submit() {
  local jar="$1" entry="$2"; shift 2
  [[ -f "$jar" ]] || e2e_fail "flink_submit: no such jar: $jar"
  local up id body a sep="" resp
  up="$(curl -sS --max-time 120 -X POST -F "jarfile=@$jar" "$(flink_rest)/jars/upload")" || e2e_fail "jar upload failed"
  id="$(e2e_json_str_field "$up" filename)"
  id="${id##*/}"
  [[ -n "$id" ]] || e2e_fail "jar upload failed: $up"
  body="{\"entryClass\":$(e2e_json_str "$entry"),\"programArgsList\":["
  for a in "$@"; do body+="$sep$(e2e_json_str "$a")"; sep=","; done
  body+="]"
  [[ -z "${FLINK_SAVEPOINT_PATH:-}" ]] || body+=",\"savepointPath\":$(e2e_json_str "$FLINK_SAVEPOINT_PATH")"
  [[ -z "${FLINK_PARALLELISM:-}" ]] || body+=",\"parallelism\":$FLINK_PARALLELISM"
  [[ -z "${FLINK_ALLOW_NON_RESTORED_STATE:-}" ]] || body+=",\"allowNonRestoredState\":$FLINK_ALLOW_NON_RESTORED_STATE"
  body+="}"
  resp="$(curl -sS --max-time 120 -X POST -H 'Content-Type: application/json' -d "$body" "$(flink_rest)/jars/$id/run")" \
    || e2e_fail "job submission failed"
  FLINK_JOB_ID="$(e2e_json_str_field "$resp" jobid)"
  [[ -n "$FLINK_JOB_ID" ]] || e2e_fail "job submission of $entry failed: $resp"
  echo "$FLINK_JOB_ID"
}

# flink_job_state [JOBID]: CREATED, RUNNING, FAILED, CANCELED, FINISHED, ... ("" if unknown)
flink_job_state() {
  e2e_json_str_field "$(e2e_get "$(flink_rest)/jobs/${1:-$FLINK_JOB_ID}")" state
}

e2e_job_exceptions() {
  curl -sf --max-time 5 "$(flink_rest)/jobs/$1/exceptions" 2>/dev/null | head -c 4000 || true
}

# flink_wait_job_running [JOBID] [TIMEOUT_S]: until the job and every one of its tasks run
flink_wait_job_running() {
  local job="${1:-$FLINK_JOB_ID}" timeout="${2:-90}" t0 js
  [[ -n "$job" ]] || e2e_fail "flink_wait_job_running: no job id"
  t0="$(e2e_now)"
  while :; do
    js="$(curl -sf --max-time 5 "$(flink_rest)/jobs/$job" 2>/dev/null || true)"
    case "$(e2e_json_str_field "$js" state)" in
      RUNNING)
        # every vertex "status" must be RUNNING: the job is RUNNING while its tasks still deploy
        local rest="$js" all=1 seen=0
        while [[ "$rest" =~ \"status\":\"([A-Z_]+)\"(.*) ]]; do
          seen=1; [[ "${BASH_REMATCH[1]}" == RUNNING ]] || all=0
          rest="${BASH_REMATCH[2]}"
        done
        if ((seen && all)); then return 0; fi ;;
      FAILED | FAILING | CANCELED | CANCELLING | FINISHED | SUSPENDED)
        e2e_fail "job $job is $(flink_job_state "$job"), not RUNNING: $(e2e_job_exceptions "$job")" ;;
    esac
    e2e_alive "$FLINK_JM_PID" || e2e_fail "flink JobManager exited"
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < timeout )) || e2e_fail "job $job not running after ${timeout}s: $(e2e_job_exceptions "$job")"
    sleep 0.3
  done
}

# e2e_wait_job_state JOBID STATE TIMEOUT_S
e2e_wait_job_state() {
  local t0 s; t0="$(e2e_now)"
  while s="$(flink_job_state "$1")"; [[ "$s" != "$2" ]]; do
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < $3 )) || e2e_fail "job $1 is '$s', not $2 after $3s"
    sleep 0.3
  done
}

# flink_job_restores [JOBID]: how many times the job was restored from a checkpoint/savepoint so far
flink_job_restores() {
  local body; body="$(e2e_get "$(flink_rest)/jobs/${1:-$FLINK_JOB_ID}/checkpoints")"
  if [[ "$body" =~ \"counts\":\{[^}]*\"restored\":([0-9]+) ]]; then echo "${BASH_REMATCH[1]}"; else echo 0; fi
}

# flink_wait_job_recovered JOBID RESTORES_BEFORE [TIMEOUT_S]: after a crash (flink_tm_kill9 +
# flink_tm_start), until the job restored once more and runs again. flink_wait_job_running alone
# is not enough: right after the kill the JobManager still reports the old tasks as RUNNING.
flink_wait_job_recovered() {
  local job="$1" before="$2" timeout="${3:-120}" t0; t0="$(e2e_now)"
  until (( $(flink_job_restores "$job") > before )); do
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < timeout )) || e2e_fail "job $job did not restore within ${timeout}s: $(e2e_job_exceptions "$job")"
    sleep 0.3
  done
  flink_wait_job_running "$job" "$timeout"
}

# flink_cancel [JOBID]: cancels and waits for CANCELED
flink_cancel() {
  local job="${1:-$FLINK_JOB_ID}"
  curl -sSf --max-time 10 -X PATCH "$(flink_rest)/jobs/$job?mode=cancel" >/dev/null || e2e_fail "cancel of job $job refused"
  e2e_wait_job_state "$job" CANCELED 60
}

# flink_stop_savepoint [JOBID]: stop-with-savepoint; prints the savepoint path (for FLINK_SAVEPOINT_PATH)
flink_stop_savepoint() {
  local job="${1:-$FLINK_JOB_ID}" resp trig t0 st loc
  resp="$(curl -sS --max-time 10 -X POST -H 'Content-Type: application/json' \
    -d "{\"targetDirectory\":$(e2e_json_str "$FLINK_DIR/savepoints"),\"drain\":false}" "$(flink_rest)/jobs/$job/stop")" \
    || e2e_fail "stop-with-savepoint of $job refused"
  trig="$(e2e_json_str_field "$resp" request-id)"
  [[ -n "$trig" ]] || e2e_fail "stop-with-savepoint of $job refused: $resp"
  t0="$(e2e_now)"
  while :; do
    st="$(curl -sf --max-time 5 "$(flink_rest)/jobs/$job/savepoints/$trig" 2>/dev/null || true)"
    if [[ "$st" == *'"id":"COMPLETED"'* ]]; then
      loc="$(e2e_json_str_field "$st" location)"
      [[ -n "$loc" ]] || e2e_fail "savepoint of $job failed: ${st:0:3000}"
      echo "$loc"
      return 0
    fi
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < 120 )) || e2e_fail "savepoint of $job not done after 120s"
    sleep 0.3
  done
}

# ---------------------------------------------------------------- Prometheus

# prometheus_start CONFIG: the prometheus binary on 127.0.0.1:$PROM_PORT, data under the work dir
prometheus_start() {
  local cfg="$1" dir="$E2E_WORK/prometheus"
  [[ -f "$cfg" ]] || e2e_fail "prometheus_start: no config $cfg"
  [[ -z "$PROM_PID" ]] || e2e_fail "prometheus_start: already running (pid $PROM_PID)"
  command -v prometheus >/dev/null || e2e_fail "prometheus not installed (prometheus_install)"
  e2e_require_free_port "$PROM_PORT"
  rm -rf "$dir"; mkdir -p "$dir"
  prometheus --config.file="$cfg" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$dir/prometheus.log" 2>&1 &
  PROM_PID=$!
  e2e_track prometheus "$PROM_PID"
  local t0; t0="$(e2e_now)"
  until curl -sf --max-time 2 "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1; do
    e2e_alive "$PROM_PID" || e2e_fail "prometheus exited during startup (log: $dir/prometheus.log)"
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < 30 )) || e2e_fail "prometheus not ready after 30s (log: $dir/prometheus.log)"
    sleep 0.2
  done
  e2e_log "prometheus ready on 127.0.0.1:$PROM_PORT (pid $PROM_PID)"
}

# prometheus_query EXPR: raw JSON answer of /api/v1/query
prometheus_query() {
  curl -sf --max-time 5 -G "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1"
}

prometheus_stop() {
  e2e_kill "$PROM_PID" 5; e2e_untrack prometheus; PROM_PID=""
}
