#!/usr/bin/env bash
# Engine throughput and API latency of one JVM instance against a fresh local database.
#   bench/run-load.sh [OPS] [CLIENTS] [RATE] [SECONDS]     defaults: 3000 16 100 20
# Prints start-up time, RSS, no-op throughput and latency percentiles; copy them to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
OPS=${1:-3000}; CLIENTS=${2:-16}; RATE=${3:-100}; SECONDS_=${4:-20}
PORT=${PORT:-8091}
bin/ensure-jdk
bin/ensure-postgres --fresh ingest_bench
./mvnw -B -ntp -q package -DskipTests
log=$(mktemp)
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/ingest_bench?reWriteBatchedInserts=true" \
QUARKUS_HTTP_PORT=$PORT INGEST_WORKER_ID=bench-1 QUARKUS_LOG_CATEGORY__IO_INGESTOPS__LEVEL=WARN \
  java -Dquarkus.profile=dev -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$PORT/q/health/ready" >/dev/null && break; sleep 0.5; done
grep -o 'started in [0-9.]*s' "$log" | sed 's/^/start-up: /'
echo "RSS after start: $(($(ps -o rss= -p $pid) / 1024)) MiB"
url="http://localhost:$PORT"
java bench/LoadTest.java throughput "$url" "$(java tools/MintToken.java --tenant bench-throughput)" "$OPS" "$CLIENTS"
java bench/LoadTest.java latency "$url" "$(java tools/MintToken.java --tenant bench-latency)" "$RATE" "$SECONDS_"
echo "RSS after load: $(($(ps -o rss= -p $pid) / 1024)) MiB"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' 2>/dev/null | sed 's/^/PostgreSQL /')"
