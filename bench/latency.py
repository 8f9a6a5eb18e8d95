#!/usr/bin/env python3
"""Latency distributions over many runs, against two replicas of the packaged service that this
script starts itself (so that it can kill one): submit-to-start, cancel-to-stopped and
crash-to-recovered. Run through bench/run-latency.sh, which builds the jar and mints the token.

Usage: bench/latency.py JAR TOKEN DATABASE [SUBMITS] [CANCELS] [CRASHES]
"""
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

jar, token, database = sys.argv[1], sys.argv[2], sys.argv[3]
SUBMITS = int(sys.argv[4]) if len(sys.argv) > 4 else 300
CANCELS = int(sys.argv[5]) if len(sys.argv) > 5 else 40
CRASHES = int(sys.argv[6]) if len(sys.argv) > 6 else 10
SETTINGS = {"INGEST_HEARTBEAT_INTERVAL": "1s", "INGEST_STALE_AFTER": "3s", "INGEST_REAPER_INTERVAL": "500ms",
            "INGEST_RETRY_BACKOFF": "0s", "INGEST_SIMULATE_ITEM_DELAY": "50ms"}
PORTS = {"bench-a": 18091, "bench-b": 18092}
replicas = {}


def start(worker):
    env = dict(os.environ, **SETTINGS, INGEST_WORKER_ID=worker, QUARKUS_HTTP_PORT=str(PORTS[worker]),
               QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/%s" % database,
               QUARKUS_LOG_CATEGORY__IO_INGESTOPS__LEVEL="WARN")
    log = open("/tmp/latency-%s.log" % worker, "a")
    replicas[worker] = subprocess.Popen(["java", "-Dquarkus.profile=dev", "-jar", jar], env=env, stdout=log,
                                        stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            urllib.request.urlopen("http://localhost:%d/q/health/ready" % PORTS[worker], timeout=2)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.25)
    raise SystemExit("replica %s did not become ready" % worker)


def call(method, path, body=None, port=PORTS["bench-a"]):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request("http://localhost:%d%s" % (port, path), data=data, method=method, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def sql(query):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-XtAc", query],
                          check=True, capture_output=True, text=True).stdout.strip()


def until(predicate, seconds=60, step=0.005):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise SystemExit("timed out")


def percentiles(name, values_ms):
    values_ms = sorted(values_ms)
    def p(q):
        return values_ms[min(len(values_ms) - 1, int(round(q * (len(values_ms) - 1))))]
    print("%-20s n=%-4d min %7.1f  p50 %7.1f  p90 %7.1f  p99 %7.1f  max %7.1f ms" % (
        name, len(values_ms), values_ms[0], p(0.5), p(0.9), p(0.99), values_ms[-1]))


LONG_TEXT = ("Cancel and crash runs need an operation that takes a while. " * 17 + "\n\n") * 400


def long_operation():
    return call("POST", "/api/v1/ingest/text", {"collection": "latency", "text": LONG_TEXT, "timeout_seconds": 3600})


try:
    start("bench-a")
    start("bench-b")

    # submit-to-start: idle replicas (poll interval 1 s), woken by NOTIFY; measured on the database clock
    ids = []
    for i in range(SUBMITS):
        ids.append(call("POST", "/api/v1/ingest/text", {"collection": "latency", "text": "tiny %d" % i})["id"])
        time.sleep(0.05)
    until(lambda: sql("SELECT count(*) FROM operation WHERE status = 'completed' AND collection = 'latency'")
          == str(SUBMITS), 120, 0.2)
    starts = sql("SELECT extract(epoch FROM started_at - created_at) * 1000 FROM operation WHERE id IN (%s)"
                 % ",".join("'%s'" % i for i in ids)).split()
    percentiles("submit-to-start", [float(v) for v in starts])

    # cancel-to-stopped: from the cancel response to the operation reading `cancelled` (5 ms polling)
    stops = []
    for _ in range(CANCELS):
        op = long_operation()
        until(lambda: call("GET", "/api/v1/operations/" + op["id"])["status"] == "running")
        time.sleep(0.2)  # somewhere inside a heartbeat interval, not right after the claim
        call("POST", "/api/v1/operations/%s/cancel" % op["id"])
        t0 = time.monotonic()
        until(lambda: call("GET", "/api/v1/operations/" + op["id"])["status"] == "cancelled")
        stops.append((time.monotonic() - t0) * 1000)
    percentiles("cancel-to-stopped", stops)

    # crash-to-recovered: kill -9 the replica running the operation; until it runs again on the other
    recoveries = []
    for _ in range(CRASHES):
        op = long_operation()
        running = until(lambda: (lambda o: o if o["status"] == "running" else None)(
            call("GET", "/api/v1/operations/" + op["id"])))
        victim = running["worker_id"]
        survivor = [w for w in PORTS if w != victim][0]
        replicas[victim].send_signal(signal.SIGKILL)
        replicas[victim].wait()
        t0 = time.monotonic()
        until(lambda: (lambda o: o["status"] == "running" and o["worker_id"] == survivor)(
            call("GET", "/api/v1/operations/" + op["id"], port=PORTS[survivor])), 60, 0.02)
        recoveries.append((time.monotonic() - t0) * 1000)
        call("POST", "/api/v1/operations/%s/cancel" % op["id"], port=PORTS[survivor])
        start(victim)
    percentiles("crash-to-recovered", recoveries)
    print("settings: %s" % " ".join("%s=%s" % kv for kv in SETTINGS.items()))
finally:
    for process in replicas.values():
        process.terminate()
    for process in replicas.values():
        process.wait()
