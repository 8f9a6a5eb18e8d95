#!/usr/bin/env bash
# Write amplification of heartbeats and progress: are they HOT updates? Runs slow jobs for SECONDS
# (default 60) with a 200 ms heartbeat while tiny operations keep arriving (about 20/s, so that new
# rows keep filling the pages the running ones live on), and measures pg_stat_user_tables for the
# operation table; then the database's own single-row-update rate with pgbench (8 clients).
# FILLFACTOR=100 overrides the migration's fillfactor (70); HEARTBEAT_INDEX=1 adds an index on
# heartbeat_at (what the schema deliberately lacks) for a before/after.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_=${1:-60}
BENCH_ENV="INGEST_HEARTBEAT_INTERVAL=200ms INGEST_SIMULATE_ITEM_DELAY=100ms INGEST_MAX_CONCURRENT=8"
source bench/service.sh
TOKEN=$(java tools/MintToken.java --tenant bench-hot)
PSQL="psql -h 127.0.0.1 -U postgres -d ingest_bench -XtAq"
text=$(python3 -c "print(('Heartbeats should be cheap. ' * 30 + '\\n\\n') * $((SECONDS_ * 12)))")  # ~1 chunk per paragraph at 100 ms: outlasts the run
stats() { $PSQL -c "SELECT n_tup_upd, n_tup_hot_upd, pg_relation_size('operation'), pg_indexes_size('operation') FROM pg_stat_user_tables WHERE relname = 'operation'"; }
if [ -n "${FILLFACTOR:-}" ]; then $PSQL -c "ALTER TABLE operation SET (fillfactor = $FILLFACTOR)"; fi
# the "before" of docs/benchmarks.md: an index on heartbeat_at, as a stale-heartbeat scan might want
if [ -n "${HEARTBEAT_INDEX:-}" ]; then $PSQL -c "CREATE INDEX operation_heartbeat_idx ON operation (heartbeat_at) WHERE status = 'running'"; fi
echo "fillfactor: $($PSQL -c "SELECT coalesce(array_to_string(reloptions, ','), 'default') FROM pg_class WHERE relname = 'operation'")"
before=$(stats)
for i in $(seq 1 8); do
  python3 -c "import json,sys; print(json.dumps({'collection': 'hot', 'text': sys.stdin.read(), 'timeout_seconds': 7200}))" <<<"$text" \
    | curl -s -o /dev/null -X POST "$SERVICE_URL/api/v1/ingest/text" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' --data-binary @-
done
( for i in $(seq 1 $((SECONDS_ * 20))); do
    curl -s -o /dev/null -X POST "$SERVICE_URL/api/v1/ingest/text" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -d "{\"collection\": \"stream\", \"text\": \"tiny $i\"}"
    sleep 0.05
  done ) &
STREAM_PID=$!
sleep "$SECONDS_"
kill $STREAM_PID 2>/dev/null || true
after=$(stats)
IFS='|' read -r u0 h0 s0 i0 <<<"$before"; IFS='|' read -r u1 h1 s1 i1 <<<"$after"
echo "operation table over ${SECONDS_} s with 8 running jobs: $((u1 - u0)) updates, $((h1 - h0)) HOT ($(( (h1 - h0) * 100 / (u1 - u0 > 0 ? u1 - u0 : 1) )) %); table ${s0} -> ${s1} bytes, indexes ${i0} -> ${i1} bytes"
echo "rows in the table at the end: $($PSQL -c "SELECT count(*) FROM operation") (the slow jobs hold every slot, so the stream stays pending)"
# the database's own limit: single-row updates, 8 clients
$PSQL -c "DROP TABLE IF EXISTS pgbench_rows; CREATE TABLE pgbench_rows (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0); INSERT INTO pgbench_rows SELECT g FROM generate_series(1, 10000) g"
script=$(mktemp); echo '\set id random(1, 10000)
UPDATE pgbench_rows SET n = n + 1 WHERE id = :id;' >"$script"
pgbench -h 127.0.0.1 -U postgres -n -c 8 -j 2 -T 20 -f "$script" ingest_bench 2>/dev/null | grep -E "^tps" | sed 's/^/pgbench single-row update, 8 clients: /'
