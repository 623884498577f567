#!/usr/bin/env bash
# `tidecast run --jobmanager` against a real standalone Flink cluster: the app jar uploads itself over REST and
# runs io.tidecast.app.SpecJob with the whole YAML spec; checks the job runs, forecasts arrive read_committed, and
# the TaskManager's Prometheus reporter serves the learner meters under the names docs and dashboard use.
set -euo pipefail
FLINK_REST_PORT="${FLINK_REST_PORT:-18081}"
FLINK_RPC_PORT="${FLINK_RPC_PORT:-16123}"
FLINK_PROM_PORTS="${FLINK_PROM_PORTS:-19251-19252}"
source "$(dirname "$0")/lib.sh"

RC_KAFKA_PORT="${RC_KAFKA_PORT:-19292}"
RC_DIR="$E2E_WORK/run-cluster"
APP_JAR="$E2E_ROOT/app/target/tidecast.jar"
NYC="$E2E_ROOT/app/src/main/resources/data/nyc_taxi.csv"
IN=rc-events OUT=rc-forecasts DLQ=rc-dlq
RC_EVENTS=600
F=flink_taskmanager_job_task_operator_

build_jar() {
  if [[ ! -f "$APP_JAR" ]]; then
    (cd "$E2E_ROOT" && ./mvnw -q -B -ntp -pl app -am package -DskipTests) || e2e_fail "could not build $APP_JAR"
  fi
}

submit() {
  cat >"$RC_DIR/job.yaml" <<YAML
name: rc_nyc
kafka: {bootstrap: '$(kafka_bootstrap)', input_topic: $IN, output_topic: $OUT, dlq_topic: $DLQ, group_id: rc-job}
window: {timesteps: 12, horizon: 2, target: value}
seasonality: 48
model: {units: [8], recurrent: gru}
training: {batch_size: 4, replay_rows: 64}
checkpointing: {interval: 1s}
YAML
  FLINK_JOB_ID="$(java -jar "$APP_JAR" run --config "$RC_DIR/job.yaml" --jobmanager "127.0.0.1:$FLINK_REST_PORT" \
    2>"$RC_DIR/run.err")" || e2e_fail "tidecast run --jobmanager failed: $(cat "$RC_DIR/run.err")"
  [[ "$FLINK_JOB_ID" =~ ^[0-9a-f]{32}$ ]] || e2e_fail "tidecast run printed '$FLINK_JOB_ID', not a job id"
  e2e_log "$(cat "$RC_DIR/run.err")"
  flink_wait_job_running "$FLINK_JOB_ID" 120
}

produce() {
  tail -n +2 "$NYC" | tr -d '\r' | sed -n "1,${RC_EVENTS}p" | awk -F, '{ ts = $1; sub(/ /, "T", ts)
      printf "nyc|{\"key\":\"nyc\",\"ts\":\"%sZ\",\"values\":{\"value\":%s}}\n", ts, $2 }' \
    | timeout 120 kcat -P -b "$(kafka_bootstrap)" -t "$IN" -K '|' 2>>"$RC_DIR/kcat.log" || e2e_fail "kcat -P failed"
}

wait_forecasts() {
  # the newest event waits for a newer one (watermark): RC_EVENTS - 1 learned, one forecast per complete window
  local want=$((RC_EVENTS - 1 - 12 + 1)) rc=0
  timeout 180 kcat -C -b "$(kafka_bootstrap)" -t "$OUT" -o beginning -c "$want" -q -X isolation.level=read_committed \
    -f '%s\n' >"$RC_DIR/forecasts.txt" 2>>"$RC_DIR/kcat.log" || rc=$?
  local n; n="$(wc -l <"$RC_DIR/forecasts.txt")"
  ((n == want)) || e2e_fail "$n of $want forecasts (kcat status $rc; job $(flink_job_state): $(e2e_job_exceptions "$FLINK_JOB_ID"))"
  grep -q '"key":"nyc","target":"value"' "$RC_DIR/forecasts.txt" || e2e_fail "forecasts look wrong: $(head -2 "$RC_DIR/forecasts.txt")"
  e2e_log "$n forecasts committed"
}

reporter_names() {
  local port body="" p
  for port in $(seq "${FLINK_PROM_PORTS%-*}" "${FLINK_PROM_PORTS#*-}"); do
    p="$(e2e_get "http://127.0.0.1:$port/metrics")"
    [[ "$p" == *"${F}model_tidecast_events_in"* ]] && body="$p"
  done
  [[ -n "$body" ]] || e2e_fail "no Flink reporter on $FLINK_PROM_PORTS serves ${F}model_tidecast_events_in"
  local m
  for m in model_tidecast_events_in model_tidecast_forecasts_out model_tidecast_train_loss_last \
    model_tidecast_train_duration_p99_seconds model_tidecast_forecast_latency_p50_seconds model_tidecast_keys_live \
    horizon_model_source_tidecast_prequential_mae baseline_horizon_model_tidecast_prequential_skill; do
    [[ "$body" == *"$F$m{"* ]] || e2e_fail "the TaskManager's reporter has no $F$m"
  done
  [[ "$body" =~ ${F}model_tidecast_events_in\{[^}]*model=\"rc_nyc\"[^}]*\}\ ([0-9.eE+]+) ]] \
    || e2e_fail "no events_in sample for model rc_nyc"
  e2e_log "reporter: ${F}model_tidecast_events_in{model=\"rc_nyc\"} = ${BASH_REMATCH[1]}"
}

main() {
  e2e_init
  rm -rf "$RC_DIR"; mkdir -p "$RC_DIR"
  e2e_step "jar" build_jar
  e2e_step "cluster libs" e2e_cluster_libs
  kcat_install
  kafka_launch "$RC_DIR/kafka" "$RC_KAFKA_PORT"
  flink_launch "$RC_DIR/flink"
  kafka_wait_ready
  flink_wait_ready
  kafka_create_topic "$IN" 1; kafka_create_topic "$OUT" 1; kafka_create_topic "$DLQ" 1
  e2e_step "tidecast run --jobmanager, job RUNNING" submit
  e2e_step "produce $RC_EVENTS events" produce
  e2e_step "forecasts read_committed" wait_forecasts
  e2e_step "reporter metric names" reporter_names
  flink_cancel "$FLINK_JOB_ID"
  e2e_print_timings
  echo "run-cluster: ok"
}

main "$@"
