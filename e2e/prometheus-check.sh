#!/usr/bin/env bash
# Prometheus against both runtimes, for real: a KRaft broker, the Kafka Streams app jar (started with the command
# `tidecast run --runtime kstreams` prints for a spec) and `tidecast run --local` (Flink in one JVM, its Prometheus
# reporter on a port), Debian's prometheus with docker/prometheus.yml pointed at 127.0.0.1, then through
# /api/v1/query: tidecast series for loss, latency and forecasts exist in both naming schemes and increase when
# more events arrive. Both runtimes run one spec (only their topics, group and metrics port differ) and must write
# the same forecasts, byte for byte.
set -euo pipefail
PROM_PORT="${PROM_PORT:-19090}"
source "$(dirname "$0")/lib.sh"

PC_KAFKA_PORT="${PC_KAFKA_PORT:-19192}"
PC_KS_PORT="${PC_KS_PORT:-19400}"
PC_FLINK_PORT="${PC_FLINK_PORT:-19249}"
PC_TIMEOUT_S="${PC_TIMEOUT_S:-240}"
PC_DIR="$E2E_WORK/prometheus-check"
APP_JAR="$E2E_ROOT/app/target/tidecast.jar"
KS_JAR="$E2E_ROOT/kstreams/target/tidecast-kstreams.jar"
NYC="$E2E_ROOT/app/src/main/resources/data/nyc_taxi.csv"
IN=pc-events
F=flink_taskmanager_job_task_operator_
KS_PID="" FL_PID=""

stop_runtimes() {
  e2e_kill "$KS_PID" 30; e2e_untrack pc-kstreams; KS_PID=""
  e2e_kill "$FL_PID" 30; e2e_untrack pc-flink; FL_PID=""
}
# the runtimes first (they hold connections to the broker), then lib.sh's cleanup with the script's status
on_exit() {
  local rc=$?
  stop_runtimes
  (exit "$rc")
  cleanup
}
trap on_exit EXIT

build_jars() {
  if [[ ! -f "$APP_JAR" || ! -f "$KS_JAR" ]]; then
    (cd "$E2E_ROOT" && ./mvnw -q -B -ntp -pl app,kstreams -am package -DskipTests) || e2e_fail "could not build the jars"
  fi
}

write_specs() {
  mkdir -p "$PC_DIR"
  local common
  # one spec for both runtimes: every learner field the same, so their forecasts must be the same
  common="name: nyc
kafka: {bootstrap: '$(kafka_bootstrap)', input_topic: $IN, output_topic: pc-forecasts-@RT@, dlq_topic: pc-dlq-@RT@, group_id: pc-@RT@}
window: {timesteps: 12, horizon: 2, target: value}
seasonality: 48
model: {units: [8], seasonal_difference: true, time_features: [hour_of_day]}
training: {batch_size: 4, replay_rows: 64}
checkpointing: {interval: 1s}
metrics: {host: 127.0.0.1, port: @PORT@}"
  sed -e 's/@RT@/flink/g' -e "s/@PORT@/$PC_FLINK_PORT/" <<<"$common" >"$PC_DIR/flink.yaml"
  sed -e 's/@RT@/ks/g' -e "s/@PORT@/$PC_KS_PORT/" <<<"$common" >"$PC_DIR/kstreams.yaml"
  sed -e "s/\[\"jobmanager:9249\", \"taskmanager:9249\"\]/[\"127.0.0.1:$PC_FLINK_PORT\"]/" \
    -e "s/\"kstreams:9400\"/\"127.0.0.1:$PC_KS_PORT\"/" -e 's/scrape_interval: 5s/scrape_interval: 1s/' \
    "$E2E_ROOT/docker/prometheus.yml" >"$PC_DIR/prometheus.yml"
  grep -q "127.0.0.1:$PC_FLINK_PORT" "$PC_DIR/prometheus.yml" && grep -q "127.0.0.1:$PC_KS_PORT" "$PC_DIR/prometheus.yml" \
    || e2e_fail "docker/prometheus.yml no longer has the targets this script rewrites: $(cat "$PC_DIR/prometheus.yml")"
}

# produce FROM TO: nyc_taxi rows FROM..TO (1-based, header excluded) as JSON events of key nyc
produce() {
  tail -n +2 "$NYC" | tr -d '\r' | sed -n "$1,$2p" | awk -F, '{ ts = $1; sub(/ /, "T", ts)
      printf "nyc|{\"key\":\"nyc\",\"ts\":\"%sZ\",\"values\":{\"value\":%s}}\n", ts, $2 }' \
    | timeout 120 kcat -P -b "$(kafka_bootstrap)" -t "$IN" -K '|' 2>>"$PC_DIR/kcat.log" || e2e_fail "kcat -P failed"
}

start_runtimes() {
  local cmd
  # the exact command `tidecast run --runtime kstreams` prints, plus a state dir of this run
  cmd="$(cd "$E2E_ROOT" && java -jar "$APP_JAR" run --config "$PC_DIR/kstreams.yaml" --runtime kstreams \
    2>"$PC_DIR/run-kstreams.err")" \
    || e2e_fail "tidecast run --runtime kstreams failed: $(cat "$PC_DIR/run-kstreams.err")"
  [[ "$cmd" == "java -jar kstreams/target/tidecast-kstreams.jar "* ]] || e2e_fail "unexpected kstreams command: $cmd"
  e2e_log "kstreams: $cmd"
  (cd "$E2E_ROOT" && eval "exec $cmd --state-dir '$PC_DIR/ks-state'") >"$PC_DIR/kstreams.log" 2>&1 &
  KS_PID=$!
  e2e_track pc-kstreams "$KS_PID"
  (cd "$PC_DIR" && exec java -Xmx768m -jar "$APP_JAR" run --config "$PC_DIR/flink.yaml" --local) >"$PC_DIR/flink.log" 2>&1 &
  FL_PID=$!
  e2e_track pc-flink "$FL_PID"
}

# value EXPR: the first sample of an instant query ("" when there is none)
value() {
  local r; r="$(prometheus_query "$1" || true)"
  if [[ "$r" =~ \"value\":\[[0-9.]+,\"([^\"]+)\"\] ]]; then echo "${BASH_REMATCH[1]}"; fi
}

QUERIES=(
  "sum(tidecast_events_in_total)"
  "sum(tidecast_forecasts_out_total)"
  "sum(tidecast_train_loss_count)"
  "sum(tidecast_train_duration_seconds_count)"
  "sum(tidecast_forecast_latency_seconds_count)"
  "sum(${F}model_tidecast_events_in)"
  "sum(${F}model_tidecast_forecasts_out)"
  "sum(${F}model_tidecast_train_loss_count)"
  "sum(${F}model_tidecast_train_duration_count)"
  "sum(${F}model_tidecast_forecast_latency_count)"
)
# present while the runtimes run: finite loss and latency percentiles
FINITE=(
  "max(tidecast_train_loss_last)"
  "histogram_quantile(0.99, sum by (le) (tidecast_train_duration_seconds_bucket))"
  "max(${F}model_tidecast_train_loss_last)"
  "max(${F}model_tidecast_train_duration_p99_seconds)"
)

# wait_at_least N EXPR...: until every EXPR is >= N
wait_at_least() {
  local n="$1" t0 q v ok; shift; t0="$(e2e_now)"
  while :; do
    ok=1
    for q in "$@"; do
      v="$(value "$q")"
      [[ -n "$v" ]] && awk -v a="$v" -v b="$n" 'BEGIN { exit !(a >= b) }' || ok=0
    done
    ((ok)) && return 0
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < PC_TIMEOUT_S )) || e2e_fail "after ${PC_TIMEOUT_S}s not all >= $n: $*"
    sleep 1
  done
}

# wait_above: until every query's value exceeds the one in BEFORE
declare -A BEFORE AFTER
wait_above() {
  local t0 q v pending; t0="$(e2e_now)"
  while :; do
    pending=()
    for q in "${QUERIES[@]}"; do
      v="$(value "$q")"
      if [[ -n "$v" ]] && awk -v a="$v" -v b="${BEFORE[$q]:-0}" 'BEGIN { exit !(a > b) }'; then
        AFTER[$q]="$v"
      else
        pending+=("$q=${v:-none}")
      fi
    done
    ((${#pending[@]} == 0)) && return 0
    e2e_alive "$KS_PID" || e2e_fail "the Kafka Streams app exited (log: $PC_DIR/kstreams.log)"
    e2e_alive "$FL_PID" || e2e_fail "tidecast run --local exited (log: $PC_DIR/flink.log)"
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < PC_TIMEOUT_S )) || e2e_fail "after ${PC_TIMEOUT_S}s still waiting for: ${pending[*]}"
    sleep 1
  done
}

# count_forecasts TOPIC [ISOLATION]: records readable now (read_committed by default: Flink writes transactions)
count_forecasts() {
  local n
  n="$(timeout 20 kcat -C -b "$(kafka_bootstrap)" -t "$1" -o beginning -e -q -X "isolation.level=${2:-read_committed}" \
    -f 'x\n' 2>>"$PC_DIR/kcat.log" | wc -l)" || true
  echo "$n"
}

wait_forecasts() {
  local t0 nf=0 nk=0; t0="$(e2e_now)"
  while ((nf == 0 || nk == 0)); do
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < PC_TIMEOUT_S )) || e2e_fail "no forecasts in Kafka after ${PC_TIMEOUT_S}s: \
flink $nf (uncommitted too: $(count_forecasts pc-forecasts-flink read_uncommitted)), kstreams $nk"
    sleep 1
    nf="$(count_forecasts pc-forecasts-flink)"; nk="$(count_forecasts pc-forecasts-ks)"
  done
  e2e_log "forecasts in Kafka (read_committed): flink $nf, kstreams $nk"
}

# dump TOPIC: the topic's committed forecasts, one "key value" line each, sorted
dump() {
  timeout 30 kcat -C -b "$(kafka_bootstrap)" -t "$1" -o beginning -e -q -X isolation.level=read_committed \
    -f '%k %s\n' 2>>"$PC_DIR/kcat.log" | sort
}

# one spec, two runtimes: once both have committed all 8000 events' forecasts, the two topics hold the same records
same_forecasts() {
  local t0 nf nk; t0="$(e2e_now)"
  while :; do
    nf="$(count_forecasts pc-forecasts-flink)"; nk="$(count_forecasts pc-forecasts-ks)"
    if ((nf > 7900 && nf == nk)); then
      sleep 3 # nothing more may come: a late duplicate would show in the comparison
      [[ "$(count_forecasts pc-forecasts-flink)" == "$nf" && "$(count_forecasts pc-forecasts-ks)" == "$nk" ]] && break
    fi
    (( $(e2e_elapsed "$t0" | cut -d. -f1) < PC_TIMEOUT_S )) || e2e_fail "forecast counts never settled equal: flink $nf, kstreams $nk"
    sleep 1
  done
  dump pc-forecasts-flink >"$PC_DIR/forecasts-flink.txt"
  dump pc-forecasts-ks >"$PC_DIR/forecasts-ks.txt"
  cmp -s "$PC_DIR/forecasts-flink.txt" "$PC_DIR/forecasts-ks.txt" \
    || e2e_fail "the runtimes' forecasts differ: diff $PC_DIR/forecasts-flink.txt $PC_DIR/forecasts-ks.txt | head: $(diff "$PC_DIR/forecasts-flink.txt" "$PC_DIR/forecasts-ks.txt" | head -4)"
  e2e_log "flink and kstreams wrote the same $nf forecasts, byte for byte"
}

main() {
  e2e_init
  rm -rf "$PC_DIR"; mkdir -p "$PC_DIR"
  e2e_step "jars" build_jars
  e2e_step "cluster libs" e2e_cluster_libs
  kcat_install
  prometheus_install
  e2e_require_free_port "$PC_KS_PORT" "$PC_FLINK_PORT"
  e2e_step "kafka" kafka_start "$PC_DIR/kafka" "$PC_KAFKA_PORT"
  local t
  for t in "$IN" pc-forecasts-flink pc-dlq-flink pc-forecasts-ks pc-dlq-ks; do kafka_create_topic "$t" 1; done
  write_specs
  e2e_step "produce 4000 events" produce 1 4000
  e2e_step "start kstreams app + tidecast run --local" start_runtimes
  e2e_step "prometheus" prometheus_start "$PC_DIR/prometheus.yml"
  e2e_step "first samples of every series" wait_above
  # the whole first batch learned (Flink holds each key's newest event until a newer one moves the watermark)
  e2e_step "first batch learned" wait_at_least 3999 "sum(tidecast_events_in_total)" "sum(${F}model_tidecast_events_in)"
  sleep 3 # a few more scrapes, so the baseline is the settled value
  for q in "${QUERIES[@]}"; do AFTER[$q]="$(value "$q")"; done
  local q
  for q in "${QUERIES[@]}"; do BEFORE[$q]="${AFTER[$q]}"; done
  for q in "${FINITE[@]}"; do
    local v; v="$(value "$q")"
    [[ "$v" =~ ^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]] || e2e_fail "$q is '$v', not a finite number"
    e2e_log "$q = $v"
  done
  e2e_step "produce 4000 more" produce 4001 8000
  e2e_step "every series increases" wait_above
  for q in "${QUERIES[@]}"; do e2e_log "$(printf '%-80s %12s -> %12s' "$q" "${BEFORE[$q]}" "${AFTER[$q]}")"; done
  e2e_step "forecasts in both output topics" wait_forecasts
  e2e_step "the same forecasts from both runtimes" same_forecasts
  e2e_print_timings
  echo "prometheus-check: ok"
}

main "$@"
