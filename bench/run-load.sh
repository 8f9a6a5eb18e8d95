#!/usr/bin/env bash
# Engine throughput and API latency of one JVM instance against a fresh local database.
#   bench/run-load.sh [OPS] [CLIENTS] [RATE] [SECONDS]     defaults: 3000 16 100 20
# Prints start-up time, RSS, no-op throughput and latency percentiles; copy them to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
OPS=${1:-3000}; CLIENTS=${2:-16}; RATE=${3:-100}; SECONDS_=${4:-20}
source bench/service.sh
grep -o 'started in [0-9.]*s' "$BENCH_LOG" | sed 's/^/start-up: /'
echo "RSS after start: $(($(ps -o rss= -p $SERVICE_PID) / 1024)) MiB"
java bench/LoadTest.java throughput "$SERVICE_URL" "$(java tools/MintToken.java --tenant bench-throughput)" "$OPS" "$CLIENTS"
java bench/LoadTest.java latency "$SERVICE_URL" "$(java tools/MintToken.java --tenant bench-latency)" "$RATE" "$SECONDS_"
echo "RSS after load: $(($(ps -o rss= -p $SERVICE_PID) / 1024)) MiB"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' 2>/dev/null | sed 's/^/PostgreSQL /')"
