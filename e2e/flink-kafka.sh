#!/usr/bin/env bash
# End to end, exactly once, on real processes: a Kafka broker (KRaft) and a standalone Flink cluster
# (JobManager + TaskManager JVMs), app/target/tidecast.jar submitted over REST with entry class
# io.tidecast.stream.flink.KafkaForecastJob. Produces nyc_taxi.csv plus 50 synthetic keys as JSON events
# (and a few poison records) with kcat, reads the forecasts back with kcat in read_committed mode and checks:
# exactly one forecast per complete window per key, every forecast well formed, keys match, nothing more
# arrives later, the poison records are in the DLQ with their reason header, the job is still running.
# Everything started here is stopped by PID (lib.sh's cleanup).
#
#   bash e2e/flink-kafka.sh      (builds app/target/tidecast.jar first if it is missing)
# Tunables: FK_KAFKA_PORT (19092), FK_TIMEOUT_S (300) and lib.sh's FLINK_REST_PORT etc.
set -euo pipefail
# shellcheck source=e2e/lib.sh
source "$(dirname "$0")/lib.sh"

FK_KAFKA_PORT="${FK_KAFKA_PORT:-19092}"
FK_TIMEOUT_S="${FK_TIMEOUT_S:-300}"
FK_JAR="$E2E_ROOT/app/target/tidecast.jar"
FK_NYC="$E2E_ROOT/app/src/main/resources/data/nyc_taxi.csv"
FK_ENTRY=io.tidecast.stream.flink.KafkaForecastJob
IN=tidecast-events OUT=tidecast-forecasts DLQ=tidecast-dlq
FK_PARTITIONS=2
FK_KEYS=50 FK_PER_KEY=60
# a small model so the run takes seconds; the maths is the default's
FK_TIMESTEPS=12
FK_MODEL_ARGS=(--timesteps "$FK_TIMESTEPS" --horizon 1 --units 8 --seasonality 48 --batch-size 4 --train-every 2
  --replay-rows 64)
FK_DATA="$E2E_WORK/flink-kafka"
FK_POISON=3

build_jar() {
  if [[ ! -f "$FK_JAR" ]]; then
    (cd "$E2E_ROOT" && ./mvnw -q -B -ntp -pl app -am package -DskipTests) || e2e_fail "could not build $FK_JAR"
  fi
  [[ -f "$FK_JAR" ]] || e2e_fail "no $FK_JAR"
  # no `| grep -q` under pipefail: grep exits at the first match and unzip dies of SIGPIPE
  [[ "$(unzip -l "$FK_JAR")" == *"${FK_ENTRY//.//}.class"* ]] || e2e_fail "$FK_JAR has no $FK_ENTRY"
}

create_topics() {
  kafka_create_topic "$IN" "$FK_PARTITIONS"
  kafka_create_topic "$OUT" "$FK_PARTITIONS"
  kafka_create_topic "$DLQ" 1
}

submit() {
  flink_submit "$FK_JAR" "$FK_ENTRY" --bootstrap "$(kafka_bootstrap)" --input-topic "$IN" --output-topic "$OUT" \
    --dlq-topic "$DLQ" --group-id tidecast-e2e --transactional-id-prefix tidecast-e2e \
    --checkpoint-interval-ms 1000 --parallelism 2 --kafka-property client.dns.lookup=use_all_dns_ips \
    "${FK_MODEL_ARGS[@]}" >"$FK_DATA/job.id"
  flink_wait_job_running "$FLINK_JOB_ID" 120
}

# events.txt: "partition<TAB>key|json" lines in event-time order, keyed by series: nyc_taxi.csv (NAB,
# timestamp,value) and FK_KEYS synthetic series on the first FK_PER_KEY timestamps. The partition is chosen
# here, per key, and kcat is told it (-p): records kcat would partition itself while it still waits for the
# topic's metadata can land behind later ones, and out-of-order records are late records.
make_events() {
  mkdir -p "$FK_DATA"
  tail -n +2 "$FK_NYC" | tr -d '\r' | awk -F, -v keys="$FK_KEYS" -v per="$FK_PER_KEY" -v parts="$FK_PARTITIONS" '
    NF == 2 {
      ts = $1; sub(/ /, "T", ts); ts = ts "Z"
      printf "%s\t0\tnyc_taxi|{\"key\":\"nyc_taxi\",\"ts\":\"%s\",\"values\":{\"value\":%s}}\n", ts, ts, $2
      if (n < per) {
        for (k = 0; k < keys; k++) {
          v = 100 * (k + 1) + 20 * sin(2 * 3.141592653589793 * n / 48 + k) + ((n * 7919 + k * 104729) % 1000) / 500 - 1
          printf "%s\t%d\tsensor-%d|{\"key\":\"sensor-%d\",\"ts\":\"%s\",\"values\":{\"value\":%.6f}}\n", ts, (k + 1) % parts, k, k, ts, v
        }
      }
      n++
    }' | sort -s -t$'\t' -k1,1 | cut -f2- >"$FK_DATA/events.txt"
  # expected forecasts per key: one per complete window (stride 1, horizon 1): n - T + 1
  cut -f2 "$FK_DATA/events.txt" | cut -d'|' -f1 | sort | uniq -c \
    | awk -v t="$FK_TIMESTEPS" '{ n = $1 - t + 1; if (n > 0) printf "%s %d\n", $2, n }' | sort >"$FK_DATA/expected.txt"
  FK_EXPECTED="$(awk '{ s += $2 } END { print s }' "$FK_DATA/expected.txt")"
  e2e_log "$(wc -l <"$FK_DATA/events.txt") events over $(wc -l <"$FK_DATA/expected.txt") keys; expecting $FK_EXPECTED forecasts"
}

produce() {
  # one record per line on stdin (a file argument would become one record); key|value, one kcat per partition
  local p
  for ((p = 0; p < FK_PARTITIONS; p++)); do
    awk -F'\t' -v p="$p" '$1 == p { print $2 }' "$FK_DATA/events.txt" \
      | timeout 120 kcat -P -b "$(kafka_bootstrap)" -t "$IN" -K '|' -p "$p" 2>>"$FK_DATA/kcat-produce.log" \
      || e2e_fail "kcat -P failed (log: $FK_DATA/kcat-produce.log)"
  done
  # poison records: they go to the DLQ and do not disturb the event-time watermark
  printf 'poison-1|not json\npoison-2|{"key":"x","ts":"2014-07-01T00:00:00Z","values":{"value":NaN}}\npoison-3|{"ts":1404172800000,"values":{"value":1}}\n' \
    | timeout 60 kcat -P -b "$(kafka_bootstrap)" -t "$IN" -K '|' -p 0 2>>"$FK_DATA/kcat-produce.log" \
    || e2e_fail "kcat -P (poison) failed"
  # one far-future event per partition moves its watermark past every event (needed when the job sorts events
  # behind the watermark, --out-of-orderness-ms > 0; harmless on arrival). A key per partition, each with fewer events
  # than a window: no forecast of its own, and never a repeat of another partition's marker (that would be late)
  for ((p = 0; p < FK_PARTITIONS; p++)); do
    echo "__e2e_flush-${p}|{\"key\":\"__e2e_flush-${p}\",\"ts\":\"2100-01-01T00:00:0${p}Z\",\"values\":{\"value\":0}}" \
      | timeout 60 kcat -P -b "$(kafka_bootstrap)" -t "$IN" -K '|' -p "$p" 2>>"$FK_DATA/kcat-produce.log" \
      || e2e_fail "kcat -P (flush) failed"
  done
}

# consume TOPIC MAX SECONDS FORMAT FILE: committed records of TOPIC from the beginning (lib.sh)
consume() { kcat_committed "$@"; }

wait_forecasts() {
  local t0 n; t0="$(e2e_now)"
  consume "$OUT" "$FK_EXPECTED" "$FK_TIMEOUT_S" '%k\t%s\n' "$FK_DATA/forecasts.txt"
  n="$(wc -l <"$FK_DATA/forecasts.txt")"
  if ((n < FK_EXPECTED)); then
    consume "$DLQ" 1000 10 '%h\n' "$FK_DATA/dlq.txt"
    e2e_fail "only $n of $FK_EXPECTED forecasts after ${FK_TIMEOUT_S}s (job $(flink_job_state "$FLINK_JOB_ID"): $(e2e_job_exceptions "$FLINK_JOB_ID")); DLQ reasons: $(grep -o 'tidecast.dlq.reason=[a-z_]*' "$FK_DATA/dlq.txt" | sort | uniq -c | tr '\n' ' ')"
  fi
  e2e_log "$n forecasts committed after $(e2e_elapsed "$t0")s"
}

check_forecasts() {
  local f="$FK_DATA/forecasts.txt" n bad dup
  # nothing more arrives: wait for one record more than expected through several more checkpoints (1 s)
  consume "$OUT" $((FK_EXPECTED + 1)) 8 '%k\t%s\n' "$f"
  n="$(wc -l <"$f")"
  ((n == FK_EXPECTED)) || e2e_fail "$n forecasts in $OUT, expected exactly $FK_EXPECTED"
  # every forecast is the documented JSON, for the record's own key, with one step at origin + 30 min
  bad="$(awk -F'\t' '
    {
      ok = match($2, /^\{"key":"[^"]+","target":"value","origin_ts":"[^"]+","origin_ts_ms":[0-9]+,"model_version":[0-9]+,"horizon":1,"steps":\[\{"h":1,"ts":"[^"]+","ts_ms":[0-9]+,"value":-?[0-9][0-9.eE+-]*\}\](,"prequential_error":\{"mae":[0-9][0-9.eE+-]*\})?\}$/)
      key = $2; sub(/^\{"key":"/, "", key); sub(/".*/, "", key)
      o = $2; sub(/.*"origin_ts_ms":/, "", o); sub(/,.*/, "", o)
      s = $2; sub(/.*"ts_ms":/, "", s); sub(/,.*/, "", s)
      if (!ok || key != $1 || s - o != 1800000) { print NR ": " substr($0, 1, 300); exit }
    }' "$f")"
  [[ -z "$bad" ]] || e2e_fail "malformed forecast (line: key, value): $bad"
  # exactly one forecast per (key, origin), and per key as many as complete windows
  dup="$(awk -F'\t' '{ o = $2; sub(/.*"origin_ts_ms":/, "", o); sub(/,.*/, "", o); print $1 " " o }' "$f" | sort | uniq -d | head -3)"
  [[ -z "$dup" ]] || e2e_fail "duplicate forecasts for (key origin): $dup"
  cut -f1 "$f" | sort | uniq -c | awk '{ print $2, $1 }' | sort >"$FK_DATA/got.txt"
  diff "$FK_DATA/expected.txt" "$FK_DATA/got.txt" >"$FK_DATA/count.diff" \
    || e2e_fail "forecast counts per key differ from complete windows per key: $(head -5 "$FK_DATA/count.diff")"
  e2e_log "forecasts OK: $n, $(wc -l <"$FK_DATA/got.txt") keys, one per complete window, no duplicates"
}

check_dlq() {
  local f="$FK_DATA/dlq.txt" n reasons
  consume "$DLQ" $((FK_POISON + 1)) 5 '%k\t%h\n' "$f"
  n="$(wc -l <"$f")"
  ((n == FK_POISON)) || e2e_fail "$n records in $DLQ, expected the $FK_POISON poison records (and no late events): $(head -c 1000 "$f")"
  reasons="$(grep -o 'tidecast.dlq.reason=[a-z_]*' "$f" | sort | tr '\n' ' ')"
  [[ "$reasons" == "tidecast.dlq.reason=malformed_json tidecast.dlq.reason=missing_key tidecast.dlq.reason=non_finite " ]] \
    || e2e_fail "DLQ reasons are '$reasons'"
  grep -q "tidecast.dlq.source.topic=$IN" "$f" || e2e_fail "DLQ records lack the source topic header: $(head -c 500 "$f")"
  e2e_log "DLQ OK: $reasons"
}

check_job() {
  [[ "$(flink_job_state "$FLINK_JOB_ID")" == RUNNING ]] || e2e_fail "job is not running: $(e2e_job_exceptions "$FLINK_JOB_ID")"
  local body; body="$(e2e_get "$(flink_rest)/jobs/$FLINK_JOB_ID/exceptions")"
  [[ "$body" != *'"root-exception":"'* ]] || e2e_fail "job had failures: ${body:0:2000}"
  # the fat jar carries Flink classes: they must have been loaded parent-first (no linkage trouble)
  ! grep -qE 'LinkageError|loader constraint violation|ClassCastException' "$FLINK_DIR"/log/taskmanager-*.log \
    || e2e_fail "class loading problems in the TaskManager log"
}

stop_all() {
  flink_cancel "$FLINK_JOB_ID"
  flink_stop_all
  kafka_stop
}

T_ALL="$(e2e_now)"
e2e_init
e2e_step "cluster jars (maven)" e2e_cluster_libs
e2e_step "kcat install" kcat_install
e2e_step "job jar" build_jar
start_both() {
  kafka_launch "$E2E_WORK/kafka" "$FK_KAFKA_PORT"
  flink_launch "$E2E_WORK/flink"
  kafka_wait_ready
  flink_wait_ready
}
e2e_step "kafka + flink start (overlapped)" start_both
e2e_step "create topics" create_topics
e2e_step "events: nyc_taxi + $FK_KEYS keys" make_events
e2e_step "submit job over REST, wait RUNNING" submit
e2e_step "produce (kcat -P)" produce
e2e_step "wait for forecasts (read_committed)" wait_forecasts
e2e_step "check forecasts" check_forecasts
e2e_step "check DLQ" check_dlq
e2e_step "job still running, no failures" check_job
e2e_step "cancel job, stop all" stop_all
e2e_print_timings
e2e_log "FLINK-KAFKA OK in $(e2e_elapsed "$T_ALL")s"
