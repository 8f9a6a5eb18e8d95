#!/usr/bin/env bash
# Ingestion throughput of one JVM instance next to PostgreSQL's COPY of the same chunks.
#   bench/run-ingest.sh [TEXT_MB] [TEXTS] [MESSAGES]     defaults: 4 6 10000
# Runs against a fresh database ingest_bench with the default settings (item-delay 0, max-concurrent 3).
set -euo pipefail
cd "$(dirname "$0")/.."
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
python3 bench/ingest_throughput.py "http://localhost:$PORT" "$(java tools/MintToken.java --tenant bench)" ingest_bench "$@"
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version')"
