#!/usr/bin/env bash
# Every end-to-end check, in order: real Kafka broker + standalone Flink cluster (smoke), the Tidecast
# Flink job exactly once against them (flink-kafka), and whatever else is listed below. Each script
# starts what it needs and stops it by PID. Run after the build: ./mvnw -B -ntp verify && bash e2e/all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

summary=()
run() {
  local t0=$SECONDS
  printf '\n===== e2e: %s (%s) =====\n' "$1" "$(date +%H:%M:%S)"
  bash "e2e/$1"
  summary+=("$1: $((SECONDS - t0))s")
}

run smoke.sh
run flink-kafka.sh
run crash.sh
run run-cluster.sh
run compose-check.sh
run prometheus-check.sh

printf '\n===== e2e done =====\n'
printf '%s\n' "${summary[@]}"
