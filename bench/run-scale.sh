#!/usr/bin/env bash
# Engine statements with 10^4 and with 10^6 operations in the table (97 % terminal, 1 000 tenants,
# 24 h of history, 200 pending, 30 running): mean latency of claim, get, a tenant's first list page
# and one round of the reapers' scans (pgbench, 1 client), and their EXPLAIN ANALYZE at each size.
#   bench/run-scale.sh [SMALL] [LARGE] [TRANSACTIONS]     defaults: 10000 1000000 2000
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${1:-10000}; LARGE=${2:-1000000}; TX=${3:-2000}
DB=ingest_bench_scale
bin/ensure-postgres --fresh $DB >/dev/null
PSQL="psql -h 127.0.0.1 -U postgres -d $DB -XqtA -v ON_ERROR_STOP=1"
for migration in $(ls src/main/resources/db/migration/V*.sql | sort -V); do $PSQL -f "$migration" >/dev/null; done
OUT=${OUT:-target/scale}; mkdir -p "$OUT"
for rows in $SMALL $LARGE; do
  $PSQL -c "TRUNCATE operation CASCADE" >/dev/null
  $PSQL -c "
    INSERT INTO operation (id, tenant_id, type, status, collection, input, max_attempts, attempt, claim_token,
        created_at, updated_at, started_at, claimed_at, completed_at, result)
    SELECT gen_random_uuid(), 'tenant-' || (g % 1000), 'ingest_text',
        CASE WHEN g % 100 = 0 THEN 'failed' WHEN g % 100 = 1 THEN 'cancelled' ELSE 'completed' END,
        'docs', '{\"text\": \"x\"}', 3, 1, 1, c, c, c, c, c + interval '2 seconds', '{\"documents_added\": 1}'
    FROM generate_series(1, $rows - 230) g, LATERAL (SELECT now() - (g::float8 / $rows) * interval '23 hours' AS c) t;
    INSERT INTO operation (id, tenant_id, type, status, collection, input, max_attempts, created_at)
    SELECT gen_random_uuid(), 'tenant-' || (g % 1000), 'ingest_text', 'pending', 'docs', '{\"text\": \"x\"}', 3,
        now() - g * interval '1 second' FROM generate_series(1, 200) g;
    INSERT INTO operation (id, tenant_id, type, status, collection, input, max_attempts, attempt, claim_token,
        worker_id, started_at, claimed_at, heartbeat_at, deadline_at)
    SELECT gen_random_uuid(), 'tenant-' || (g % 1000), 'ingest_text', 'running', 'docs', '{\"text\": \"x\"}', 3, 1, 1,
        'w', now(), now(), now(), now() + interval '5 minutes' FROM generate_series(1, 30) g;
    DROP TABLE IF EXISTS scale_probe;
    CREATE TABLE scale_probe AS SELECT row_number() OVER () AS n, id FROM (SELECT id FROM operation ORDER BY random() LIMIT 1000) s;
    CREATE UNIQUE INDEX ON scale_probe (n);" >/dev/null
  $PSQL -c "VACUUM ANALYZE operation" -c "VACUUM ANALYZE scale_probe" >/dev/null
  echo "== $($PSQL -c "SELECT count(*) FROM operation") operations, $($PSQL -c "SELECT pg_size_pretty(pg_total_relation_size('operation'))") with indexes"
  for query in claim get list reapers; do
    latency=$(pgbench -h 127.0.0.1 -U postgres -n -c 1 -t "$TX" -f bench/scale/$query.sql $DB 2>/dev/null \
      | awk '/latency average/ {print $4 " " $5}')
    printf "%-8s mean %s over %s transactions\n" "$query" "$latency" "$TX"
    # the plans, with a fixed probe (n = 1, tenant-1) instead of the random one
    sed -e 's/n = :n)/n = 1)/; s/[|][|] :t /|| 1 /; /^\\set/d; /^--/d' bench/scale/$query.sql \
      | awk 'start && !/^(BEGIN|ROLLBACK)/ {$0 = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " $0} {start = /;$/; print}
             BEGIN {start = 1}' \
      | $PSQL >"$OUT/explain-$query-$rows.txt" 2>&1
  done
done
echo "plans: $OUT/explain-*.txt"
echo "machine: $(nproc) cores; $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | sed 's/^/PostgreSQL /'); $(date -u +%F)"
