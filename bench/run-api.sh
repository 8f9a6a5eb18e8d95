#!/usr/bin/env bash
# HTTP API under wrk (Debian's package): GET /api/v1/operations/{id} and POST /api/v1/ingest/text,
# next to /q/health/live of the same app (no JWT, no database) as the ceiling.
#   bench/run-api.sh [SECONDS] [CONNECTIONS]     defaults: 20 16
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_=${1:-20}; CONNECTIONS=${2:-16}
command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && SUDO="" || SUDO=sudo; $SUDO apt-get install -y -q wrk >/dev/null; }
source bench/service.sh
export TOKEN=$(java tools/MintToken.java --tenant bench-api)
id=$(curl -s -X POST "$SERVICE_URL/api/v1/ingest/text?sync=true" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"collection":"wrk","text":"the operation every GET reads"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
run() { # name, then wrk arguments
  local name=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --latency "$@" | awk -v n="$name" '
    /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "%-34s %9s req/s  p50 %8s  p90 %8s  p99 %8s  non-2xx %s\n", n, rps, p50, p90, p99, (bad == "" ? 0 : bad)}'
}
echo "wrk -t2 -c$CONNECTIONS -d${SECONDS_}s against one JVM instance (max-concurrent 3):"
run "GET /q/health/live (ceiling)" "$SERVICE_URL/q/health/live"
run "GET /api/v1/operations/{id}" -H "Authorization: Bearer $TOKEN" "$SERVICE_URL/api/v1/operations/$id"
run "POST /api/v1/ingest/text" -s bench/ingest-text.lua "$SERVICE_URL/api/v1/ingest/text"
echo "operations created by the POST run and not yet run: $(psql -h 127.0.0.1 -U postgres -d ingest_bench -tAc "SELECT count(*) FROM operation WHERE status = 'pending'")"
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | sed 's/^/PostgreSQL /'); $(wrk -v 2>&1 | head -1); $(date -u +%F)"
