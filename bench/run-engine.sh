#!/usr/bin/env bash
# No-op job throughput: the service's engine (one node and two) next to db-scheduler and JobRunr,
# same worker-thread count, same PostgreSQL, one run; then pgbench's single-row-update TPS on the
# same server for the ceiling.
#   bench/run-engine.sh [JOBS] [WORKERS] [SYSTEMS]     defaults: 20000 16, every system
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${1:-20000}; WORKERS=${2:-16}; SYSTEMS=${3:-ingestops,ingestops-2,ingestops-best,ingestops-2-best,ingestops-no-ahead,db-scheduler,jobrunr}
bin/ensure-jdk >/dev/null
bin/ensure-postgres --fresh ingest_bench_engine >/dev/null
# the service's classes, installed for the bench module (which the service does not depend on)
./mvnw -B -ntp -q install -DskipTests -Dspotless.check.skip=true
./mvnw -B -ntp -q -f bench/engine/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "bench/engine/target/classes:$(cat bench/engine/target/cp.txt)" io.ingestops.bench.EngineBench \
  "jdbc:postgresql://127.0.0.1:5432/ingest_bench_engine" "$JOBS" "$WORKERS" "$SYSTEMS"
# the database's own limit, same server: single-row-update transactions, 8 clients
PSQL="psql -h 127.0.0.1 -U postgres -d ingest_bench_engine -XtAq"
$PSQL -c "DROP TABLE IF EXISTS pgbench_rows; CREATE TABLE pgbench_rows (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0); INSERT INTO pgbench_rows SELECT g FROM generate_series(1, 10000) g"
script=$(mktemp); echo '\set id random(1, 10000)
UPDATE pgbench_rows SET n = n + 1 WHERE id = :id;' >"$script"
pgbench -h 127.0.0.1 -U postgres -n -c 8 -j 2 -T 20 -f "$script" ingest_bench_engine 2>/dev/null | grep -E "^tps" | sed 's/^/pgbench single-row update, 8 clients: /'
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' 2>/dev/null | sed 's/^/PostgreSQL /'); $(date -u +%F)"
