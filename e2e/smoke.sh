#!/usr/bin/env bash
# Smoke test of the e2e infrastructure: a real Kafka broker and a real Flink standalone cluster come up,
# Kafka round-trips 100 records through kcat, Flink runs a trivial stateful job (submit, savepoint,
# restore, cancel), Prometheus scrapes Flink's reporter, and everything stops again leaving ports free.
#
#   bash e2e/smoke.sh            (E2E_SMOKE_PROMETHEUS=0 skips the Prometheus part)
set -euo pipefail
# shellcheck source=e2e/lib.sh
source "$(dirname "$0")/lib.sh"

SMOKE_KAFKA_PORT="${SMOKE_KAFKA_PORT:-19092}"
SMOKE_TOPIC=smoke
SMOKE_N=100
SMOKE_PROM="${E2E_SMOKE_PROMETHEUS:-1}"
# one reporter port each for the JobManager and the TaskManager
read -r PROM_A PROM_B <<<"${FLINK_PROM_PORTS/-/ }"

produce() {
  seq 1 "$SMOKE_N" | sed 's/^/line-/' > "$E2E_WORK/produced.txt"
  # from stdin: one record per line (a file argument would become a single record)
  timeout 60 kcat -P -b "$(kafka_bootstrap)" -t "$SMOKE_TOPIC" < "$E2E_WORK/produced.txt" 2>"$E2E_WORK/kcat-produce.log" \
    || e2e_fail "kcat -P failed (log: $E2E_WORK/kcat-produce.log)"
}

consume_check() {
  timeout 60 kcat -C -b "$(kafka_bootstrap)" -t "$SMOKE_TOPIC" -o beginning -e -q \
    -X isolation.level=read_committed > "$E2E_WORK/consumed.txt" 2>"$E2E_WORK/kcat-consume.log" \
    || e2e_fail "kcat -C failed (log: $E2E_WORK/kcat-consume.log)"
  local n; n="$(wc -l < "$E2E_WORK/consumed.txt")"
  ((n == SMOKE_N)) || e2e_fail "consumed $n records from topic $SMOKE_TOPIC, expected $SMOKE_N"
  diff -q "$E2E_WORK/produced.txt" "$E2E_WORK/consumed.txt" >/dev/null \
    || e2e_fail "consumed records differ from produced ones (see $E2E_WORK/{produced,consumed}.txt)"
}

check_taskmanager() {
  local tms slots
  tms="$(e2e_overview_field taskmanagers)" slots="$(e2e_overview_field slots-total)"
  [[ "$tms" == 1 ]] || e2e_fail "flink REST /overview shows '$tms' TaskManagers, expected 1"
  [[ "$slots" == "$FLINK_SLOTS" ]] || e2e_fail "flink REST /overview shows '$slots' slots, expected $FLINK_SLOTS"
}

build_job() {
  local d="$E2E_WORK/smoke-job"
  rm -rf "$d"; mkdir -p "$d/classes"
  javac -nowarn --release 17 -cp "$FLINK_LIB/*" -d "$d/classes" "$E2E_DIR/smoke-job/SmokeJob.java" \
    || e2e_fail "could not compile e2e/smoke-job/SmokeJob.java"
  jar cf "$d/smoke-job.jar" -C "$d/classes" .
  SMOKE_JAR="$d/smoke-job.jar"
}

submit_job() {
  # awkward arguments on purpose: they must arrive intact
  flink_submit "$SMOKE_JAR" io.tidecast.e2e.SmokeJob "a b" 'q"uote' > "$E2E_WORK/job.id"
  flink_wait_job_running "$FLINK_JOB_ID"
  local job; job="$(e2e_get "$(flink_rest)/jobs/$FLINK_JOB_ID")"
  [[ "$job" == *'"name":"tidecast-smoke a b|q\"uote"'* ]] \
    || e2e_fail "program arguments did not reach the job intact: ${job:0:300}"
}

savepoint_job() {
  # wait for one completed checkpoint so the state backend has really written something
  local t0; t0="$(e2e_now)"
  until [[ "$(e2e_get "$(flink_rest)/jobs/$FLINK_JOB_ID/checkpoints")" =~ \"completed\":[1-9] ]]; do
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < 60 )) || e2e_fail "no completed checkpoint after 60s"
    sleep 0.3
  done
  SMOKE_SAVEPOINT="$(flink_stop_savepoint "$FLINK_JOB_ID")"
  [[ -d "${SMOKE_SAVEPOINT#file:}" ]] || e2e_fail "savepoint $SMOKE_SAVEPOINT is not a directory"
  e2e_wait_job_state "$FLINK_JOB_ID" FINISHED 30
}

restore_job() {
  FLINK_SAVEPOINT_PATH="$SMOKE_SAVEPOINT" flink_submit "$SMOKE_JAR" io.tidecast.e2e.SmokeJob restored > "$E2E_WORK/job.id"
  flink_wait_job_running "$FLINK_JOB_ID"
  [[ "$(e2e_get "$(flink_rest)/jobs/$FLINK_JOB_ID/checkpoints")" == *'"restored":{'* ]] \
    || e2e_fail "job $FLINK_JOB_ID did not restore from $SMOKE_SAVEPOINT"
}

check_reporter() {
  local p
  for p in "$PROM_A" "$PROM_B"; do
    [[ "$(e2e_get "http://127.0.0.1:$p/metrics")" == *$'\nflink_'* ]] \
      || e2e_fail "no flink_ metrics on Flink's Prometheus reporter port $p"
  done
}

prometheus_check() {
  cat > "$E2E_WORK/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: flink
    static_configs:
      - targets: ['127.0.0.1:$PROM_A', '127.0.0.1:$PROM_B']
EOF
  prometheus_start "$E2E_WORK/prometheus.yml"
  local t0; t0="$(e2e_now)"
  until [[ "$(prometheus_query 'flink_jobmanager_numRegisteredTaskManagers')" =~ \"value\":\[[0-9.]+,\"1\"\] ]]; do
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < 30 )) || e2e_fail "prometheus did not scrape flink_jobmanager_numRegisteredTaskManagers=1 in 30s"
    sleep 0.5
  done
  prometheus_stop
}

stop_all() {
  flink_stop_all
  kafka_stop
  local p
  for p in "$SMOKE_KAFKA_PORT" $((SMOKE_KAFKA_PORT + 1)) "$FLINK_REST_PORT" "$FLINK_RPC_PORT" "$PROM_A" "$PROM_B" "$PROM_PORT"; do
    ! e2e_port_busy "$p" || e2e_fail "port $p still in use after stopping everything"
  done
}

T_ALL="$(e2e_now)"
e2e_init
e2e_step "cluster jars (maven)" e2e_cluster_libs
e2e_step "kcat install" kcat_install
[[ "$SMOKE_PROM" == 1 ]] && e2e_step "prometheus install" prometheus_install
start_both() {
  # overlapped: JVM start-up is mostly single-threaded class loading, two of them fill the two cores
  kafka_launch "$E2E_WORK/kafka" "$SMOKE_KAFKA_PORT"
  flink_launch "$E2E_WORK/flink"
  kafka_wait_ready
  flink_wait_ready
}

if [[ "${E2E_SMOKE_SEQUENTIAL:-0}" == 1 ]]; then
  e2e_step "kafka start" kafka_start "$E2E_WORK/kafka" "$SMOKE_KAFKA_PORT"
  e2e_step "flink start (JM + TM)" flink_start "$E2E_WORK/flink"
else
  e2e_step "kafka + flink start (overlapped)" start_both
fi
e2e_step "create topic" kafka_create_topic "$SMOKE_TOPIC" 1
e2e_step "produce $SMOKE_N (kcat -P)" produce
e2e_step "consume read_committed (kcat -C)" consume_check
e2e_step "flink REST shows TaskManager" check_taskmanager
e2e_step "compile smoke job" build_job
e2e_step "submit job, wait RUNNING" submit_job
e2e_step "stop with savepoint" savepoint_job
e2e_step "restore from savepoint" restore_job
e2e_step "flink prometheus reporter" check_reporter
[[ "$SMOKE_PROM" == 1 ]] && e2e_step "prometheus scrapes flink" prometheus_check
e2e_step "cancel job" flink_cancel
e2e_step "stop all, ports free" stop_all
e2e_print_timings
e2e_log "SMOKE OK in $(e2e_elapsed "$T_ALL")s"
