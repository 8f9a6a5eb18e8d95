#!/usr/bin/env bash
# Ingestion throughput of one JVM instance next to PostgreSQL's COPY of the same chunks.
#   bench/run-ingest.sh [TEXT_MB] [TEXTS] [MESSAGES]     defaults: 4 6 10000
# Runs against a fresh database ingest_bench with the default settings (item-delay 0, max-concurrent 3).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
python3 bench/ingest_throughput.py "$SERVICE_URL" "$(java tools/MintToken.java --tenant bench)" ingest_bench "$@"
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version')"
