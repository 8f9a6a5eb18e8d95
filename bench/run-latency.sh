#!/usr/bin/env bash
# Latency distributions with two replicas of the packaged service on one fresh database:
# submit-to-start (NOTIFY wake-up), cancel-to-stopped and crash-to-recovered (kill -9).
#   bench/run-latency.sh [SUBMITS] [CANCELS] [CRASHES]     defaults: 300 40 10
set -euo pipefail
cd "$(dirname "$0")/.."
bin/ensure-jdk >/dev/null
bin/ensure-postgres --fresh ingest_bench_latency >/dev/null
./mvnw -B -ntp -q package -DskipTests -Dspotless.check.skip=true
python3 bench/latency.py target/quarkus-app/quarkus-run.jar "$(java tools/MintToken.java --tenant bench-latency)" \
  ingest_bench_latency "${1:-300}" "${2:-40}" "${3:-10}"
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | sed 's/^/PostgreSQL /'); $(date -u +%F)"
