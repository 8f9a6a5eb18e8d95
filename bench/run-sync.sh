#!/usr/bin/env bash
# First sync and no-change re-sync of FILES small files (default 10000) by one JVM instance.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${1:-10000}
ROOT=$(mktemp -d /tmp/ingest-bench-sources.XXXX)
BENCH_ENV="INGEST_SYNC_ROOT=$ROOT"
source bench/service.sh
trap 'kill $SERVICE_PID 2>/dev/null || true; wait $SERVICE_PID 2>/dev/null || true; rm -rf "$ROOT"' EXIT
python3 bench/sync_throughput.py "$SERVICE_URL" "$(java tools/MintToken.java --tenant bench)" "$ROOT" "$FILES"
