#!/usr/bin/env bash
# Crash recovery on real processes: a Kafka broker (KRaft) and a standalone Flink cluster (JobManager and
# TaskManager JVMs). A pre-loaded input topic is read by KafkaForecastJob (bounded, exactly once) twice:
# once undisturbed into a reference topic, once into a second topic while the TaskManager is killed with
# SIGKILL mid-run and a new TaskManager replaces it. The job restores from its last checkpoint and finishes;
# kcat (an outside client, isolation.level=read_committed) must read the same forecasts from both topics, key by
# key in order, byte for byte. Everything started here is stopped by PID (lib.sh's cleanup).
#
#   bash e2e/crash.sh      (builds app/target/tidecast.jar first if it is missing)
# Tunables: CR_KEYS (100), CR_PER_KEY (800), CR_KAFKA_PORT (29092), CR_TIMEOUT_S (180); ports default to their own
# range so this can run beside the other scripts.
set -euo pipefail
FLINK_REST_PORT="${FLINK_REST_PORT:-28081}"
FLINK_RPC_PORT="${FLINK_RPC_PORT:-26123}"
FLINK_PROM_PORTS="${FLINK_PROM_PORTS:-29251-29252}"
# shellcheck source=e2e/lib.sh
source "$(dirname "$0")/lib.sh"

CR_KAFKA_PORT="${CR_KAFKA_PORT:-29092}"
CR_TIMEOUT_S="${CR_TIMEOUT_S:-180}"
CR_KEYS="${CR_KEYS:-100}" CR_PER_KEY="${CR_PER_KEY:-800}"
CR_JAR="$E2E_ROOT/app/target/tidecast.jar"
CR_ENTRY=io.tidecast.stream.flink.KafkaForecastJob
CR_DIR="$E2E_WORK/crash"
CR_PARTITIONS=2
CR_TIMESTEPS=8
# LSTM(4): small, so the run takes seconds; the maths is the default's
CR_MODEL_ARGS=(--timesteps "$CR_TIMESTEPS" --horizon 1 --units 4 --seasonality 48 --batch-size 8 --train-every 8
  --replay-rows 64)
IN=crash-events
CR_EXPECTED=$((CR_KEYS * (CR_PER_KEY - CR_TIMESTEPS + 1)))

build_jar() {
  if [[ ! -f "$CR_JAR" ]]; then
    (cd "$E2E_ROOT" && ./mvnw -q -B -ntp -pl app -am package -DskipTests) || e2e_fail "could not build $CR_JAR"
  fi
  [[ "$(unzip -l "$CR_JAR")" == *"${CR_ENTRY//.//}.class"* ]] || e2e_fail "$CR_JAR has no $CR_ENTRY"
}

start_both() {
  kafka_launch "$CR_DIR/kafka" "$CR_KAFKA_PORT"
  flink_launch "$CR_DIR/flink"
  kafka_wait_ready
  flink_wait_ready
}

# CR_KEYS synthetic half-hourly series of CR_PER_KEY events, JSON, in event-time order per partition; the
# partition is chosen per key (kcat -p) so each key's events stay in order
produce() {
  kafka_create_topic "$IN" "$CR_PARTITIONS"
  local run
  for run in ref crash; do
    kafka_create_topic "crash-$run-out" "$CR_PARTITIONS"
    kafka_create_topic "crash-$run-dlq" 1
  done
  awk -v keys="$CR_KEYS" -v per="$CR_PER_KEY" -v parts="$CR_PARTITIONS" 'BEGIN {
      for (n = 0; n < per; n++) for (k = 0; k < keys; k++) {
        v = 100 * (k + 1) + 20 * sin(2 * 3.141592653589793 * n / 48 + k) + ((n * 7919 + k * 104729) % 1000) / 500 - 1
        printf "%d\tsensor-%d|{\"key\":\"sensor-%d\",\"ts\":%.0f,\"values\":{\"value\":%.6f}}\n", k % parts, k, k,
          1404172800000 + n * 1800000 + k * 1000, v
      }
    }' >"$CR_DIR/events.txt"
  # epoch milliseconds overflow awk's %d on some awks (mawk): check the first and last timestamps made it
  [[ "$(head -1 "$CR_DIR/events.txt")" == *'"ts":1404172800000,'* ]] || e2e_fail "bad timestamps: $(head -1 "$CR_DIR/events.txt")"
  local p
  for ((p = 0; p < CR_PARTITIONS; p++)); do
    awk -F'\t' -v p="$p" '$1 == p { print $2 }' "$CR_DIR/events.txt" \
      | timeout 120 kcat -P -b "$(kafka_bootstrap)" -t "$IN" -K '|' -p "$p" 2>>"$CR_DIR/kcat.log" \
      || e2e_fail "kcat -P failed (log: $CR_DIR/kcat.log)"
  done
  e2e_log "$(wc -l <"$CR_DIR/events.txt") events over $CR_KEYS keys pre-loaded; $CR_EXPECTED forecasts expected per run"
}

# submit RUN: the bounded job from the beginning of the input topic into crash-RUN-out
submit() {
  flink_submit "$CR_JAR" "$CR_ENTRY" --bootstrap "$(kafka_bootstrap)" --input-topic "$IN" \
    --output-topic "crash-$1-out" --dlq-topic "crash-$1-dlq" --group-id "crash-$1" --transactional-id-prefix "crash-$1" \
    --bounded --checkpoint-interval-ms 500 --parallelism 2 "${CR_MODEL_ARGS[@]}" >/dev/null
  flink_wait_job_running "$FLINK_JOB_ID" 120
}

# committed RUN MAX SECONDS: "key<TAB>value" lines of crash-RUN-out (read_committed) into RUN.txt, at most MAX;
# prints how many
committed() {
  kcat_committed "crash-$1-out" "$2" "$3" '%k\t%s\n' "$CR_DIR/$1.txt"
  wc -l <"$CR_DIR/$1.txt"
}

job_finished() {
  e2e_wait_job_state "$FLINK_JOB_ID" FINISHED "$CR_TIMEOUT_S"
  local body; body="$(e2e_get "$(flink_rest)/jobs/$FLINK_JOB_ID/checkpoints")"
  [[ "$body" =~ \"restored\":([0-9]+) ]] && CR_RESTORES="${BASH_REMATCH[1]}"
}

reference_run() {
  CR_RESTORES=0
  submit ref
  job_finished
  ((CR_RESTORES == 0)) || e2e_fail "the reference run restarted ($CR_RESTORES restores): $(e2e_job_exceptions "$FLINK_JOB_ID")"
}

completed_checkpoints() {
  local body; body="$(e2e_get "$(flink_rest)/jobs/$FLINK_JOB_ID/checkpoints")"
  if [[ "$body" =~ \"counts\":\{[^}]*\"completed\":([0-9]+) ]]; then echo "${BASH_REMATCH[1]}"; else echo 0; fi
}

# the crash run: kill -9 the TaskManager once a checkpoint completed and forecasts were committed, before the
# end; start a new TaskManager and wait until the job restored from its checkpoint
crash_run() {
  submit crash
  local t0; t0="$(e2e_now)"
  until (($(completed_checkpoints) >= 1)); do
    [[ "$(flink_job_state "$FLINK_JOB_ID")" == RUNNING ]] || e2e_fail "job left RUNNING before the kill: $(flink_job_state "$FLINK_JOB_ID")"
    (($(e2e_elapsed "$t0" | cut -d. -f1) < 60)) || e2e_fail "no checkpoint completed in 60s"
    sleep 0.2
  done
  [[ "$(flink_job_state "$FLINK_JOB_ID")" == RUNNING ]] || e2e_fail "job not RUNNING at the kill"
  local restores; restores="$(flink_job_restores "$FLINK_JOB_ID")"
  flink_tm_kill9
  # counted after the kill (nothing commits while no TaskManager runs): counting first gave a fast box time to finish
  local before; before="$(committed crash "$CR_EXPECTED" 2)"
  ((before < CR_EXPECTED)) || e2e_fail "not mid-run at the kill: $before of $CR_EXPECTED forecasts committed"
  e2e_log "killed mid-run: $before of $CR_EXPECTED forecasts committed, $(completed_checkpoints) checkpoints completed"
  CR_COMMITTED_AT_KILL="$before"
  flink_tm_start
  flink_wait_job_recovered "$FLINK_JOB_ID" "$restores" 120
  e2e_log "job recovered from checkpoint (restores: $(flink_job_restores "$FLINK_JOB_ID"))"
  job_finished
  ((CR_RESTORES == restores + 1)) || e2e_fail "expected exactly one restore after the kill, saw $CR_RESTORES"
}

# both topics, read_committed: the same records per key, in order, byte for byte
compare() {
  local run n
  for run in ref crash; do
    # asking for one record more than expected: kcat waits the timeout, so a surplus would show
    n="$(committed "$run" $((CR_EXPECTED + 1)) 6)"
    ((n == CR_EXPECTED)) || e2e_fail "$n committed forecasts in crash-$run-out, expected exactly $CR_EXPECTED"
    # a key lives on one partition and kcat keeps each partition's order: a stable sort by key keeps it too
    sort -s -t$'\t' -k1,1 "$CR_DIR/$run.txt" >"$CR_DIR/$run.sorted"
  done
  if ! cmp -s "$CR_DIR/ref.sorted" "$CR_DIR/crash.sorted"; then
    diff "$CR_DIR/ref.sorted" "$CR_DIR/crash.sorted" | head -c 2000 >&2 || true
    e2e_fail "forecasts after the crash differ from the reference run (files: $CR_DIR/{ref,crash}.sorted)"
  fi
  kcat_committed crash-crash-dlq 1 3 '%s\n' "$CR_DIR/dlq.txt"
  local dlq; dlq="$(wc -l <"$CR_DIR/dlq.txt")"
  ((dlq == 0)) || e2e_fail "$dlq dead letters after the crash"
  e2e_log "identical: $CR_EXPECTED forecasts over $CR_KEYS keys, byte for byte ($(md5sum <"$CR_DIR/crash.sorted" | cut -c1-12))"
}

T_ALL="$(e2e_now)"
e2e_init
rm -rf "$CR_DIR"
mkdir -p "$CR_DIR"
e2e_step "cluster jars (maven)" e2e_cluster_libs
e2e_step "kcat install" kcat_install
e2e_step "job jar" build_jar
e2e_step "kafka + flink start (overlapped)" start_both
e2e_step "pre-load input (kcat -P)" produce
e2e_step "reference run (no failure)" reference_run
e2e_step "crash run: kill -9 TaskManager, new TaskManager" crash_run
e2e_step "compare read_committed outputs" compare
flink_stop_all
kafka_stop
e2e_print_timings
e2e_log "CRASH OK in $(e2e_elapsed "$T_ALL")s: TaskManager killed at $CR_COMMITTED_AT_KILL of $CR_EXPECTED committed forecasts, one restore, output identical"
