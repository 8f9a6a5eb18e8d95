#!/usr/bin/env bash
# First sync and no-change re-sync of FILES small files (default 10000) by one JVM instance.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${1:-10000}
PORT=${PORT:-8091}
ROOT=$(mktemp -d /tmp/ingest-bench-sources.XXXX)
bin/ensure-jdk
bin/ensure-postgres --fresh ingest_bench
./mvnw -B -ntp -q package -DskipTests
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/ingest_bench?reWriteBatchedInserts=true" \
QUARKUS_HTTP_PORT=$PORT INGEST_WORKER_ID=bench-1 INGEST_SYNC_ROOT="$ROOT" QUARKUS_LOG_CATEGORY__IO_INGESTOPS__LEVEL=WARN \
  java -Dquarkus.profile=dev -jar target/quarkus-app/quarkus-run.jar >"$ROOT.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$ROOT" "$ROOT.log"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$PORT/q/health/ready" >/dev/null && break; sleep 0.5; done
python3 bench/sync_throughput.py "http://localhost:$PORT" "$(java tools/MintToken.java --tenant bench)" "$ROOT" "$FILES"
