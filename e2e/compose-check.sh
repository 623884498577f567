#!/usr/bin/env bash
# Validates docker/docker-compose.yml without a Docker engine: Debian's docker-compose (1.29) resolves and
# checks the file (`config -q`), and dclint (npm, pinned) checks it against the Compose schema and lint rules.
# The `name` top-level field dclint asks for is left out on purpose: docker-compose 1.29 rejects it.
set -euo pipefail
cd "$(dirname "$0")/.."

DCLINT_VERSION=3.1.0
FILE=docker/docker-compose.yml

if ! command -v docker-compose >/dev/null; then
  echo "installing docker-compose (Debian)"
  sudo=""; ((EUID == 0)) || sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
command -v npx >/dev/null || { echo "compose-check: npx (Node.js) is required for dclint" >&2; exit 1; }

echo "docker-compose $(docker-compose version --short 2>/dev/null || true): config -q $FILE"
docker-compose -f "$FILE" config -q

echo "dclint $DCLINT_VERSION: $FILE"
npx --yes "dclint@$DCLINT_VERSION" --disable-rule require-project-name-field --max-warnings 0 "$FILE"

# every file the compose file mounts must exist (config -q does not check bind-mount sources)
for f in docker/prometheus.yml docker/job.yaml docker/grafana/provisioning/datasources/prometheus.yml \
  docker/grafana/provisioning/dashboards/tidecast.yml docker/grafana/dashboards/tidecast.json docker/Dockerfile; do
  [[ -f "$f" ]] || { echo "compose-check: missing $f" >&2; exit 1; }
done
echo "compose-check: ok"
