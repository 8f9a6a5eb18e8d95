# Sourced by the bench scripts: builds the application and starts one instance against a fresh
# database ingest_bench on $PORT (default 8091), stopping it when the script exits.
# Extra environment for the service can be passed in BENCH_ENV (e.g. "INGEST_SYNC_ROOT=/tmp/x"),
# extra JVM options in BENCH_JVM (e.g. "-Xmx512m").
PORT=${PORT:-8091}
bin/ensure-jdk
bin/ensure-postgres --fresh ingest_bench
./mvnw -B -ntp -q package -DskipTests
BENCH_LOG=$(mktemp)
env ${BENCH_ENV:-} \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/ingest_bench?reWriteBatchedInserts=true" \
  QUARKUS_HTTP_PORT=$PORT INGEST_WORKER_ID=bench-1 QUARKUS_LOG_CATEGORY__IO_INGESTOPS__LEVEL=WARN \
  java ${BENCH_JVM:-} -Dquarkus.profile=dev -jar target/quarkus-app/quarkus-run.jar >"$BENCH_LOG" 2>&1 &
SERVICE_PID=$!
trap 'kill $SERVICE_PID 2>/dev/null || true; wait $SERVICE_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$PORT/q/health/ready" >/dev/null && break; sleep 0.5; done
SERVICE_URL="http://localhost:$PORT"
