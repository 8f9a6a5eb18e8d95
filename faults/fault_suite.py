#!/usr/bin/env python3
"""Multi-replica fault suite: two replicas of the packaged service (separate processes, one
PostgreSQL), driven over HTTP, with short intervals so that faults play out in seconds.

Run through faults/run.sh, which builds nothing: it expects target/quarkus-app from the Maven build.
Prints what each scenario checked and a closing "N passed, N failed" line.
"""
import concurrent.futures
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DB = "ingest_faults"
JAR = "target/quarkus-app/quarkus-run.jar"
ROOT = pathlib.Path(tempfile.mkdtemp(prefix="ingest-faults-"))
ENV = {
    "QUARKUS_DATASOURCE_JDBC_URL": "jdbc:postgresql://127.0.0.1:5432/%s?reWriteBatchedInserts=true" % DB,
    "INGEST_POLL_INTERVAL": "200ms",
    "INGEST_HEARTBEAT_INTERVAL": "500ms",
    "INGEST_STALE_AFTER": "3s",
    "INGEST_REAPER_INTERVAL": "1s",
    "INGEST_RETRY_BACKOFF": "200ms",
    "INGEST_SHUTDOWN_GRACE": "3s",
    "QUARKUS_SHUTDOWN_TIMEOUT": "5s",
    "INGEST_SIMULATE_ITEM_DELAY": "50ms",
    "INGEST_CHUNK_SIZE": "200",
    "INGEST_CHUNK_OVERLAP": "20",
    "INGEST_SYNC_ROOT": str(ROOT),
    "QUARKUS_LOG_CATEGORY__IO_INGESTOPS__LEVEL": "WARN",
}
TOKEN = subprocess.run(["java", "tools/MintToken.java", "--tenant", "faults"], check=True,
                       capture_output=True, text=True).stdout.strip()
results = []


class Replica:
    def __init__(self, name, port):
        self.name, self.port, self.process = name, port, None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        env = dict(os.environ, **ENV, QUARKUS_HTTP_PORT=str(self.port), INGEST_WORKER_ID=self.name)
        self.log = open(ROOT / (self.name + ".log"), "a")
        self.process = subprocess.Popen(["java", "-Dquarkus.profile=dev", "-jar", JAR], env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(lambda: status(self.url + "/q/health/ready") == 200, 90, "%s ready" % self.name)

    def signal(self, sig):
        self.process.send_signal(sig)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return None


def call(replica, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(replica.url + path, data=data, method=method, headers={
        "Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:
            pass
        time.sleep(0.1)
    raise AssertionError("timed out after %ds waiting for %s" % (seconds, what))


def psql(sql):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-XtAq", "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def operation(replica, op_id):
    return call(replica, "GET", "/api/v1/operations/" + op_id)[1]


def scenario(name):
    def register(fn):
        def run():
            started = time.monotonic()
            try:
                checks = fn()
                results.append(True)
                print("PASS %s (%.1f s): %s" % (name, time.monotonic() - started, checks))
            except Exception as e:  # a failed check, or a replica that misbehaved
                results.append(False)
                print("FAIL %s (%.1f s): %s" % (name, time.monotonic() - started, e))
        return run
    return register


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def folder(name, files):
    path = ROOT / name
    path.mkdir()
    for i in range(files):
        (path / ("f%03d.txt" % i)).write_text("File %d of %s about resilient ingestion.\n" % (i, name))
    return name


def long_text(chunks):
    return "".join("Paragraph %d is about replicas that come and go while work goes on.\n\n" % i * 2
                   for i in range(chunks))


def running_on(replicas, op_id):
    op = operation(replicas[0], op_id)
    if op["status"] != "running" or op["worker_id"] is None:
        return None
    return next(r for r in replicas if r.name == op["worker_id"])


def other(replicas, replica):
    return next(r for r in replicas if r is not replica)


a, b = Replica("faults-a", 18081), Replica("faults-b", 18082)
replicas = [a, b]


@scenario("kill -9 mid-sync")
def kill_mid_sync():
    source = folder("kill", 80)
    code, op = call(a, "POST", "/api/v1/sync", {"collection": "kill", "source": source})
    check(code == 202, "sync not accepted: %s %s" % (code, op))
    wait_for(lambda: running_on(replicas, op["id"]) and operation(a, op["id"])["progress"]["processed_items"] >= 10,
             30, "the sync to be processing files")
    victim = running_on(replicas, op["id"])
    survivor = other(replicas, victim)
    victim.signal(signal.SIGKILL)
    victim.process.wait(10)
    wait_for(lambda: operation(survivor, op["id"])["status"] == "completed", 60, "the survivor to finish the sync")
    done = operation(survivor, op["id"])
    check(done["attempt"] == 2, "attempt %s, expected 2" % done["attempt"])
    check(done["worker_id"] == survivor.name, "finished by %s" % done["worker_id"])
    documents = int(psql("SELECT count(*) FROM document WHERE collection = 'kill'"))
    check(documents == 80, "%d documents, expected 80" % documents)
    mismatched = int(psql("SELECT count(*) FROM document d WHERE chunk_count <> (SELECT count(*) FROM chunk c WHERE c.document_id = d.id)"))
    check(mismatched == 0, "%d documents with duplicated or missing chunks" % mismatched)
    victim.start()
    return "finished by %s on attempt 2; 80 documents, each stored once" % survivor.name


@scenario("SIGTERM hands the job back")
def sigterm_hand_back():
    code, op = call(a, "POST", "/api/v1/ingest/text", {"collection": "term", "text": long_text(120)})
    check(code == 202, "not accepted")
    wait_for(lambda: running_on(replicas, op["id"]), 30, "the job to run")
    victim = running_on(replicas, op["id"])
    survivor = other(replicas, victim)
    stopped = time.monotonic()
    victim.signal(signal.SIGTERM)
    victim.process.wait(20)
    exit_seconds = time.monotonic() - stopped
    check(exit_seconds < 3 + 5 + 2, "took %.1f s to exit" % exit_seconds)
    wait_for(lambda: operation(survivor, op["id"])["status"] == "completed", 60, "the other replica to finish it")
    done = operation(survivor, op["id"])
    check(done["attempt"] == 1, "attempt %s, expected 1 (a hand-back is not counted)" % done["attempt"])
    check(done["worker_id"] == survivor.name, "finished by %s" % done["worker_id"])
    check(psql("SELECT count(*) FROM operation WHERE status = 'running'") == "0", "something is still running")
    victim.start()
    return "exited in %.1f s; finished by %s on attempt 1; nothing left running" % (exit_seconds, survivor.name)


@scenario("SIGSTOP past stale-after, then SIGCONT")
def freeze_and_thaw():
    code, op = call(a, "POST", "/api/v1/ingest/text", {"collection": "freeze", "text": long_text(120)})
    check(code == 202, "not accepted")
    wait_for(lambda: running_on(replicas, op["id"]), 30, "the job to run")
    frozen = running_on(replicas, op["id"])
    survivor = other(replicas, frozen)
    frozen.signal(signal.SIGSTOP)
    try:
        wait_for(lambda: operation(survivor, op["id"])["worker_id"] == survivor.name, 30, "the takeover")
    finally:
        frozen.signal(signal.SIGCONT)
    wait_for(lambda: operation(survivor, op["id"])["status"] == "completed", 60, "the new worker to finish")
    done = operation(survivor, op["id"])
    check(done["worker_id"] == survivor.name and done["attempt"] == 2, "final state %s/%s" % (done["worker_id"], done["attempt"]))
    time.sleep(2)  # give the thawed replica time to try its late writes, then look again
    again = operation(survivor, op["id"])
    check(again["status"] == "completed" and again["worker_id"] == survivor.name, "late writes changed the outcome")
    check(status(frozen.url + "/q/health/live") == 200, "the thawed replica is not live")
    return "taken over by %s (attempt 2); the thawed worker's late writes changed nothing" % survivor.name


@scenario("burst of syncs for one tenant over both replicas")
def burst():
    source = folder("burst", 60)
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda i: call(replicas[i % 2], "POST", "/api/v1/sync",
                                               {"collection": "burst", "source": source}), range(20)))
    accepted = [body["id"] for code, body in answers if code == 202]
    refused = [body["active_operation"]["id"] for code, body in answers if code == 409]
    check(len(accepted) == 1, "%d accepted" % len(accepted))
    check(len(refused) == 19 and set(refused) == set(accepted), "409s name %s" % set(refused))
    wait_for(lambda: operation(a, accepted[0])["done"], 60, "the sync to finish")
    return "1 accepted, 19 refused with the same active id"


@scenario("database connections cut mid-run")
def connections_cut():
    ids = [call(replicas[i % 2], "POST", "/api/v1/ingest/text", {"collection": "cut", "text": long_text(20)})[1]["id"]
           for i in range(8)]
    wait_for(lambda: psql("SELECT count(*) FROM operation WHERE collection = 'cut' AND status = 'running'") != "0",
             30, "work to start")
    killed = psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '%s'"
                  " AND pid <> pg_backend_pid()" % DB)
    wait_for(lambda: all(operation(a, i)["done"] for i in ids), 90, "every operation to finish")
    states = psql("SELECT string_agg(status, ',') FROM operation WHERE collection = 'cut'")
    check(set(states.split(",")) == {"completed"}, "final states: %s" % states)
    wait_for(lambda: all(status(r.url + "/q/health/ready") == 200 for r in replicas), 60, "both replicas ready")
    return "%s connections terminated; all 8 operations completed; both replicas ready again" % killed


def postgres(action):
    """Stops or starts the local PostgreSQL cluster (bin/ensure-postgres runs one with pg_ctlcluster)."""
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[-1]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    if action == "stop":
        command += ["-m", "fast"]
    if os.geteuid() != 0:
        command = ["sudo"] + command
    subprocess.run(command, check=True, capture_output=True)


@scenario("database restarted mid-run")
def database_restart():
    ids = [call(replicas[i % 2], "POST", "/api/v1/ingest/text",
                {"collection": "restart", "text": "Text %d.\n\n" % i + long_text(30)})[1]["id"] for i in range(8)]
    wait_for(lambda: psql("SELECT count(*) FROM operation WHERE collection = 'restart' AND status = 'running'") != "0",
             30, "work to start")
    postgres("stop")
    try:
        # the database stays down until both replicas say so, so "down" is observed, not assumed
        wait_for(lambda: all(status(r.url + "/q/health/ready") == 503 for r in replicas), 30,
                 "both replicas to report not ready")
        live = [status(r.url + "/q/health/live") for r in replicas]
    finally:
        postgres("start")
    wait_for(lambda: subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0, 30, "PostgreSQL")
    wait_for(lambda: all(status(r.url + "/q/health/ready") == 200 for r in replicas), 60, "both replicas ready again")
    wait_for(lambda: all(operation(a, i)["done"] for i in ids), 120, "every operation to finish")
    states = psql("SELECT string_agg(DISTINCT status, ',') FROM operation WHERE collection = 'restart'")
    check(states == "completed", "final states: %s" % states)
    documents = psql("SELECT count(*) FROM document WHERE collection = 'restart'")
    check(documents == "8", "%s documents stored for 8 texts" % documents)
    check(all(code == 200 for code in live), "liveness during the outage: %s" % live)
    attempts = psql("SELECT string_agg(attempt::text, ',' ORDER BY attempt) FROM operation WHERE collection = 'restart'")
    return ("ready 503 on both while down, liveness stayed 200, ready again after the restart; all 8 completed,"
            " 8 documents; attempts %s" % attempts)


def main():
    subprocess.run(["bin/ensure-postgres", "--fresh", DB], check=True)
    try:
        for replica in replicas:
            replica.start()
        for run in (kill_mid_sync, sigterm_hand_back, freeze_and_thaw, burst, connections_cut, database_restart):
            run()
    finally:
        for replica in replicas:
            replica.stop()
        shutil.rmtree(ROOT, ignore_errors=True)
    passed = sum(results)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
