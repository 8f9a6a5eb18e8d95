#!/usr/bin/env bash
# Scale-out on one PostgreSQL: 1, 2, 4 and 8 replica processes of the packaged service (small pools),
# tiny ingest_text operations submitted over HTTP by 16 clients round-robin across the replicas, end
# to end (first submit -> last completed), and the database connections the replicas hold (peak of
# pg_stat_activity during the run, all and active), and database transactions per operation (all
# replicas, everything: submissions, claims, completions, heartbeats, polls, autovacuum), and how busy
# the machine's cores were.
#   bench/run-replicas.sh [OPS] [COUNTS]     defaults: 4000 "1 2 4 8"
set -euo pipefail
cd "$(dirname "$0")/.."
OPS=${1:-4000}; COUNTS=${2:-1 2 4 8}
DB=ingest_bench_replicas
export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD=postgres
bin/ensure-jdk >/dev/null
./mvnw -B -ntp -q package -DskipTests -Dspotless.check.skip=true
OUT=target/bench-replicas; mkdir -p "$OUT"
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap stop_all EXIT
echo "replicas | pool per replica | accepted ops/s | end to end ops/s | peak connections (active) | transactions per operation | machine CPU busy"
for n in $COUNTS; do
  bin/ensure-postgres --fresh $DB >/dev/null
  urls=""
  for i in $(seq 1 "$n"); do
    port=$((8100 + i))
    # pool 5: max-concurrent 3 (default) + the node's own writers share it; the LISTEN connection is extra
    env QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB?reWriteBatchedInserts=true" \
      QUARKUS_DATASOURCE_JDBC_MAX_SIZE=5 QUARKUS_HTTP_PORT=$port INGEST_WORKER_ID=replica-$i \
      QUARKUS_LOG_CATEGORY__IO_INGESTOPS__LEVEL=WARN \
      java -Xmx256m -Dquarkus.profile=dev -jar target/quarkus-app/quarkus-run.jar >"$OUT/replica-$n-$i.log" 2>&1 &
    PIDS+=($!)
    urls="${urls:+$urls,}http://localhost:$port"
    # one at a time: eight JVMs starting at once on two cores would each take half a minute
    until curl -sf "localhost:$port/q/health/ready" >/dev/null 2>&1; do sleep 0.1; done
  done
  # warm-up: 1 000 operations per replica, so every JVM has compiled its hot paths as the single one has
  java bench/LoadTest.java throughput "$urls" "$(java tools/MintToken.java --tenant warm-$n)" $((1000 * n)) 16 >/dev/null
  peak="$OUT/peak-$n.txt"; : >"$peak"
  ( while true; do psql -d $DB -XtAc "SELECT count(*), count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()" >>"$peak" 2>/dev/null; sleep 0.25; done ) &
  sampler=$!
  xacts() { psql -d $DB -XtAc "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$DB'"; }
  before=$(xacts)
  cpu() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat; }  # busy, idle (+iowait) jiffies
  read -r busy0 idle0 < <(cpu)
  result=$(java bench/LoadTest.java throughput "$urls" "$(java tools/MintToken.java --tenant run-$n)" "$OPS" 16)
  kill $sampler; wait $sampler 2>/dev/null || true
  per_op=$(python3 -c "print('%.1f' % (($(xacts) - $before) / $OPS))")
  read -r busy1 idle1 < <(cpu)
  busy=$(( 100 * (busy1 - busy0) / (busy1 - busy0 + idle1 - idle0) ))
  accepted=$(echo "$result" | sed -n 's/.*accepted \([0-9]*\) ops.*/\1/p')
  e2e=$(echo "$result" | sed -n 's/.*: \([0-9]*\) ops\/s end to end.*/\1/p')
  conns=$(sort -t'|' -k1,1n "$peak" | tail -1 | cut -d'|' -f1); active=$(sort -t'|' -k2,2n "$peak" | tail -1 | cut -d'|' -f2)
  echo "$n | 5 (+1 LISTEN) | $accepted | $e2e | $conns ($active) | $per_op | $busy %"
  stop_all
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(psql -tAc 'show server_version' | sed 's/^/PostgreSQL /'); max_connections $(psql -tAc 'show max_connections'); $(date -u +%F)"
