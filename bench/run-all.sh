#!/usr/bin/env bash
# The issue-11 ratio table in one run (about 10 minutes on 2 cores): every number next to what it is
# judged against, measured minutes apart on the same machine.
#   bench/run-all.sh            BASELINE=<commit> compares the HTTP API with that build (default: the
#                               last commit before the API work, 62a23be); BASELINE=none skips it
# 1. start to ready and RSS: the service and a trivial app with the same Quarkus extensions
#    (bench/trivial), each with and without its AppCDS archive, four alternating runs
# 2. HTTP API under wrk: GET /api/v1/operations/{id} and POST /api/v1/ingest/text next to /q/health/live
#    of the same app, then the same two on the baseline build
# 3. tiny ingest_text operations end to end, submitted over HTTP by 16 clients (bench/LoadTest.java)
# 4. the engine with its default and best settings next to db-scheduler, and pgbench (bench/run-engine.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
BASELINE=${BASELINE:-62a23be}
SECONDS_=${SECONDS_:-10}
OUT=target/bench-all
rm -rf "$OUT" && mkdir -p "$OUT"
bin/ensure-jdk >/dev/null
command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && SUDO="" || SUDO=sudo; $SUDO apt-get install -y -q wrk >/dev/null; }
bin/ensure-postgres --fresh ingest_bench ingest_bench_trivial ingest_bench_base >/dev/null
export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD=postgres

echo "== building (with AppCDS archives)"
./mvnw -B -ntp -q package -DskipTests -Dspotless.check.skip=true -Dquarkus.package.jar.appcds.enabled=true
./mvnw -B -ntp -q -f bench/trivial/pom.xml package -Dquarkus.package.jar.appcds.enabled=true
if [ "$BASELINE" != none ]; then
  rm -rf target/bench-baseline && git worktree prune
  git worktree add -q --detach target/bench-baseline "$BASELINE"
  (cd target/bench-baseline && ./mvnw -B -ntp -q package -DskipTests -Dspotless.check.skip=true)
fi

SERVICE_ENV=(QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/ingest_bench?reWriteBatchedInserts=true"
  QUARKUS_HTTP_PORT=8091 INGEST_WORKER_ID=bench-1 QUARKUS_LOG_CATEGORY__IO_INGESTOPS__LEVEL=WARN)
PIDS=()
trap '[ -f "$OUT/pid" ] && kill "$(cat "$OUT/pid")" 2>/dev/null; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; git worktree remove --force target/bench-baseline 2>/dev/null || true' EXIT

# start_app NAME DIR PORT CDS(yes|no) ENV...: starts it, waits for /q/health/ready, prints "ms rss_mib"
start_app() {
  local name=$1 dir=$2 port=$3 cds=$4; shift 4
  local opts=()
  # -Xshare:on: an archive that cannot be used is an error, not a silent slow start; from inside the
  # app's folder, as the archive records the class path (quarkus-run.jar) as Quarkus wrote it
  [ "$cds" = yes ] && opts=(-XX:SharedArchiveFile=app-cds.jsa -Xshare:on)
  local t0 pid
  t0=$(date +%s%N)
  (cd "$dir" && exec env "$@" java "${opts[@]}" -Dquarkus.profile=dev -jar quarkus-run.jar) >"$PWD/$OUT/$name.log" 2>&1 &
  pid=$!; PIDS+=("$pid"); echo "$pid" >"$OUT/pid"
  until curl -sf "localhost:$port/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "$name did not start: $OUT/$name.log" >&2; exit 1; }
    sleep 0.01
  done
  echo "$(( ($(date +%s%N) - t0) / 1000000 )) $(( $(ps -o rss= -p "$pid") / 1024 ))"
}
stop_app() { # the last app started (a process substitution cannot hand its pid back: it is in a file)
  local pid; pid=$(cat "$OUT/pid")
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}

echo "== 1. start to ready (ms) and RSS (MiB), four alternating runs"
for run in 1 2 3 4; do
  for app in service trivial; do
    for cds in no yes; do
      if [ $app = service ]; then
        read -r ms rss < <(start_app "$app-$cds" target/quarkus-app 8091 $cds "${SERVICE_ENV[@]}")
      else
        read -r ms rss < <(start_app "$app-$cds" bench/trivial/target/quarkus-app 8092 $cds)
      fi
      stop_app
      echo "$app $cds $ms $rss" >>"$OUT/startup.txt"
    done
  done
done

api() { # name url wrk-args...: prints req/s p50 p99
  local name=$1; shift
  wrk -t2 -c16 -d"${SECONDS_}s" --latency "$@" | awk -v n="$name" '
    /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s %s %s\n", n, rps, p50, p99, (bad == "" ? 0 : bad)}' >>"$OUT/api.txt"
}
seed() { # url token: an operation to GET
  curl -s -X POST "$1/api/v1/ingest/text?sync=true" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -d '{"collection":"wrk","text":"the operation every GET reads"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

echo "== 2. HTTP API, wrk -t2 -c16 -d${SECONDS_}s"
start_app api target/quarkus-app 8091 yes "${SERVICE_ENV[@]}" >/dev/null
TOKEN=$(java tools/MintToken.java --tenant bench-api); export TOKEN
id=$(seed http://localhost:8091 "$TOKEN")
api live http://localhost:8091/q/health/live
api get -H "Authorization: Bearer $TOKEN" "http://localhost:8091/api/v1/operations/$id"
api post -s bench/ingest-text.lua http://localhost:8091/api/v1/ingest/text
# GET at a fixed 1 000 req/s: the p99 a client sees below saturation (wrk2 is not packaged; bench/latency.py paces)
echo "== 3. tiny operations end to end"
psql -d ingest_bench -qc "TRUNCATE operation CASCADE" 2>/dev/null || true
java bench/LoadTest.java throughput http://localhost:8091 "$(java tools/MintToken.java --tenant bench-warm)" 1000 16 >/dev/null
java bench/LoadTest.java throughput http://localhost:8091 "$(java tools/MintToken.java --tenant bench-tiny)" 5000 16 | tee "$OUT/tiny.txt"
stop_app
if [ "$BASELINE" != none ]; then
  start_app base target/bench-baseline/target/quarkus-app 8093 no \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/ingest_bench_base?reWriteBatchedInserts=true" \
    QUARKUS_HTTP_PORT=8093 INGEST_WORKER_ID=bench-base QUARKUS_LOG_CATEGORY__IO_INGESTOPS__LEVEL=WARN >/dev/null
  id=$(seed http://localhost:8093 "$TOKEN")
  api base-get -H "Authorization: Bearer $TOKEN" "http://localhost:8093/api/v1/operations/$id"
  api base-post -s bench/ingest-text.lua http://localhost:8093/api/v1/ingest/text
  stop_app
fi

echo "== 4. engine, 50 000 no-op jobs, 16 threads"
bench/run-engine.sh 50000 16 ingestops,ingestops-2,ingestops-best,db-scheduler 2>&1 | grep -E 'jobs/s|tps' | tee "$OUT/engine.txt"

python3 - "$OUT" "$BASELINE" <<'PY'
import sys, statistics
out, baseline = sys.argv[1], sys.argv[2]
def ms(v):  # wrk latency "1.23ms" / "456.00us" / "1.2s" -> ms
    for unit, f in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if v.endswith(unit) and not (unit == "s" and v.endswith(("ms", "us"))):
            return float(v[: -len(unit)]) * f
    return float(v)
api = {}
for line in open(f"{out}/api.txt"):
    name, rps, p50, p99, bad = line.split()
    api[name] = (float(rps), ms(p50), ms(p99), int(bad))
start = {}
for line in open(f"{out}/startup.txt"):
    app, cds, t, rss = line.split()
    start.setdefault((app, cds), []).append((int(t), int(rss)))
med = {k: (statistics.median(t for t, _ in v), statistics.median(r for _, r in v)) for k, v in start.items()}
engine = {}
for line in open(f"{out}/engine.txt"):
    if "jobs/s" in line:
        engine[line.split("50000")[0].strip()] = float(line.split("=")[1].split("jobs/s")[0])
    elif "tps" in line:
        engine["pgbench"] = float(line.split("tps =")[1].split()[0])
tiny = [l for l in open(f"{out}/tiny.txt") if "end to end" in l]
tiny_ops = float(tiny[0].split(":")[1].split("ops/s")[0]) if tiny else float("nan")
rows = []
live, get, post = api["live"], api["get"], api["post"]
rows.append(("GET /api/v1/operations/{id}", f"{get[0]:,.0f} req/s, p50 {get[1]:.1f} ms, p99 {get[2]:.1f} ms",
             f"/q/health/live {live[0]:,.0f} req/s", f"{100 * get[0] / live[0]:.1f} %", ">= 40 %"))
if "base-post" in api:
    bp, bg = api["base-post"], api["base-get"]
    rows.append(("POST /api/v1/ingest/text", f"{post[0]:,.0f} req/s, p99 {post[2]:.1f} ms",
                 f"{baseline} build: {bp[0]:,.0f} req/s", f"{post[0] / bp[0]:.2f} x", ">= 3 x"))
    rows.append(("GET (vs baseline build)", f"{get[0]:,.0f} req/s", f"{baseline} build: {bg[0]:,.0f} req/s",
                 f"{get[0] / bg[0]:.2f} x", "-"))
else:
    rows.append(("POST /api/v1/ingest/text", f"{post[0]:,.0f} req/s, p99 {post[2]:.1f} ms", "-", "-", ">= 3 x"))
rows.append(("tiny ingest_text end to end", f"{tiny_ops:,.0f} ops/s", "target 1,000 ops/s", f"{tiny_ops / 1000:.2f}", ">= 1"))
db = engine.get("db-scheduler 16.7.1")
for key, label, target in (("ingest-ops, 1 node, ahead 128", "engine, defaults, 1 node", ">= 1.5 x"),
                           ("ingest-ops, 2 nodes, ahead 128", "engine, defaults, 2 nodes", "-"),
                           ("ingest-ops, 1 node, ahead 256", "engine, best, 1 node", ">= 2 x")):
    if key in engine and db:
        rows.append((label, f"{engine[key]:,.0f} jobs/s", f"db-scheduler {db:,.0f} jobs/s", f"{engine[key] / db:.2f} x", target))
if "pgbench" in engine:
    rows.append(("pgbench 8-client single-row updates", f"{engine['pgbench']:,.0f} TPS", "-", "-", "-"))
for cds in ("no", "yes"):
    s, t = med[("service", cds)], med[("trivial", cds)]
    rows.append((f"start to ready, AppCDS {cds}", f"{s[0]:.0f} ms, RSS {s[1]:.0f} MiB",
                 f"trivial app: {t[0]:.0f} ms, {t[1]:.0f} MiB", f"{s[0] / t[0]:.2f} x time, {s[1] / t[1]:.2f} x RSS", "<= 1 x, RSS <= 1.1 x"))
s, n = med[("service", "yes")], med[("trivial", "no")]
rows.append(("start to ready, service with AppCDS", f"{s[0]:.0f} ms", f"trivial app without: {n[0]:.0f} ms", f"{s[0] / n[0]:.2f} x", "-"))
print()
print("| what | measured | next to | ratio | target |")
print("|---|---|---|---:|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
PY
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(psql -tAc 'show server_version' | sed 's/^/PostgreSQL /'); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(date -u +%F)"
