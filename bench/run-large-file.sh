#!/usr/bin/env bash
# One 100 MiB text file through one replica at -Xmx512m: upload time, time to the stored document,
# peak RSS, and the slowest /q/health/live answer while it runs (probed every 200 ms).
#   bench/run-large-file.sh [MiB]     default 100
set -euo pipefail
cd "$(dirname "$0")/.."
MIB=${1:-100}
export BENCH_JVM="-Xmx512m -XX:+ExitOnOutOfMemoryError"
BENCH_ENV="INGEST_LIMITS_EXTRACTED_CHARS=$((MIB * 1048576 + 1000000))"
PORT=8093
# shellcheck source=bench/service.sh
source bench/service.sh
TOKEN=$(java tools/MintToken.java --tenant bench)
python3 - "$SERVICE_URL" "$TOKEN" "$MIB" "$SERVICE_PID" <<'PY'
import json, os, subprocess, sys, tempfile, threading, time, urllib.request
url, token, mib, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
folder = tempfile.mkdtemp()
path = os.path.join(folder, "big.txt")
paragraph = ("The replicas keep their heartbeats while a large document is stored. " * 12).strip() + "\n\n"
with open(path, "w") as out:
    written, i = 0, 0
    while written < mib * 1048576:
        piece = (("%d " % i) + paragraph)[: mib * 1048576 - written]
        out.write(piece); written += len(piece); i += 1
slowest, rss, running = [0.0], [0], [True]
def watch():
    while running[0]:
        started = time.monotonic()
        urllib.request.urlopen(url + "/q/health/live", timeout=5).read()
        slowest[0] = max(slowest[0], time.monotonic() - started)
        rss[0] = max(rss[0], int(open("/proc/%s/status" % pid).read().split("VmRSS:")[1].split()[0]))
        time.sleep(0.2)
threading.Thread(target=watch, daemon=True).start()
started = time.monotonic()
answer = subprocess.run(["curl", "-sf", "-X", "POST", url + "/api/v1/ingest/files", "-H", "Authorization: Bearer " + token,
                         "-F", "collection=large", "-F", "file=@" + path], capture_output=True, check=True)
uploaded = time.monotonic() - started
op = json.loads(answer.stdout)
request = urllib.request.Request(url + "/api/v1/operations/%s/wait?timeout=60" % op["id"], headers={"Authorization": "Bearer " + token})
while not op["done"]:
    op = json.load(urllib.request.urlopen(request, timeout=90))
total = time.monotonic() - started
running[0] = False
print("%d MiB text file: upload %.1f s, stored as one document in %.1f s after submit (%s, attempt %d, %d chunks);"
      " peak RSS %d MiB at -Xmx512m; slowest liveness answer %.3f s"
      % (mib, uploaded, total, op["status"], op["attempt"], op["result"]["chunks_created"], rss[0] // 1024, slowest[0]))
PY
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(date -u +%F)"
