#!/usr/bin/env bash
# The multi-replica fault suite against the packaged application (run `./mvnw package` first;
# bin/test does). Two replicas on ports 18081 and 18082 against the database ingest_faults.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -ntp -q package -DskipTests
exec python3 faults/fault_suite.py
