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
import threading
import time
import urllib.error
import urllib.request
import zlib

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
    "QUARKUS_SHUTDOWN_TIMEOUT": "2s",
    "INGEST_SIMULATE_ITEM_DELAY": "50ms",
    "INGEST_CHUNK_SIZE": "200",
    "INGEST_CHUNK_OVERLAP": "20",
    "INGEST_SYNC_ROOT": str(ROOT),
    "QUARKUS_LOG_CATEGORY__IO_INGESTOPS__LEVEL": "WARN",
}
GRACE = 3  # INGEST_SHUTDOWN_GRACE, seconds: SIGTERM to exit must take at most GRACE + 5 (DESIGN §6)
MIB = 1024 * 1024
TOKEN = subprocess.run(["java", "tools/MintToken.java", "--tenant", "faults"], check=True,
                       capture_output=True, text=True).stdout.strip()
results = []


class Replica:
    def __init__(self, name, port):
        self.name, self.port, self.process = name, port, None
        self.env, self.jvm = {}, []

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    @property
    def log_path(self):
        return ROOT / (self.name + ".log")

    def start(self, env=None, jvm=None):
        """Starts the replica; `env` and `jvm` (extra settings and JVM options) stay until the next start that names them."""
        if env is not None:
            self.env = env
        if jvm is not None:
            self.jvm = jvm
        env = dict(os.environ)
        env.update(ENV)
        env.update(self.env)
        env.update(QUARKUS_HTTP_PORT=str(self.port), INGEST_WORKER_ID=self.name)
        self.log = open(self.log_path, "a")
        # worker transitions at INFO: the SIGTERM scenario reads the claims a replica logged
        command = ["java", "-XX:+ExitOnOutOfMemoryError", *self.jvm, "-Dquarkus.profile=dev",
                   '-Dquarkus.log.category."io.ingestops.worker".level=INFO', "-jar", JAR]
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(lambda: status(self.url + "/q/health/ready") == 200, 90, "%s ready" % self.name)

    def restart(self, env=None, jvm=None):
        self.stop()
        self.start(env, jvm)

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


def call(replica, method, path, body=None, headers=None):
    code, answer, _ = exchange(replica, method, path, body, headers)
    return code, answer


def exchange(replica, method, path, body=None, headers=None):
    """An API call: status, JSON answer, response headers."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(replica.url + path, data=data, method=method, headers={
        "Authorization": "Bearer " + TOKEN, "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            answer = json.loads(raw or b"null")
        except ValueError:
            answer = raw.decode("utf-8", "replace")
        return e.code, answer, e.headers


def upload(replica, collection, paths):
    """POST /ingest/files with the files streamed from disk (the multipart body is spooled to a file first)."""
    boundary = "faultsuiteboundary7c9"
    body = ROOT / ("upload-%s.multipart" % collection)
    with open(body, "wb") as out:
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"collection\"\r\n\r\n%s\r\n"
                   % (boundary, collection)).encode())
        for path in paths:
            out.write(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                       "Content-Type: application/octet-stream\r\n\r\n" % (boundary, path.name)).encode())
            with open(path, "rb") as source:
                shutil.copyfileobj(source, out, 1 << 20)
            out.write(b"\r\n")
        out.write(("--%s--\r\n" % boundary).encode())
    try:
        with open(body, "rb") as data:
            request = urllib.request.Request(replica.url + "/api/v1/ingest/files", data=data, method="POST", headers={
                "Authorization": "Bearer " + TOKEN, "Content-Length": str(body.stat().st_size),
                "Content-Type": "multipart/form-data; boundary=" + boundary})
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    return response.status, json.loads(response.read())
            except urllib.error.HTTPError as e:
                return e.code, json.loads(e.read() or b"null")
    finally:
        body.unlink()


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
            for replica in replicas:  # a scenario that failed half-way may have left one down
                if replica.process is None or replica.process.poll() is not None:
                    replica.start()
            try:
                checks = fn()
                results.append(True)
                print("PASS %s (%.1f s): %s" % (name, time.monotonic() - started, checks))
            except Exception as e:  # a failed check, or a replica that misbehaved
                results.append(False)
                print("FAIL %s (%.1f s): %s" % (name, time.monotonic() - started, e))
                for replica in replicas:  # what the replicas said lately, for whoever reads the CI log
                    lines = replica.log_path.read_text(errors="replace").splitlines()
                    print("  --- last lines of %s ---" % replica.name)
                    for line in lines[-25:]:
                        print("  " + line[:300])
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


def text_file(path, size):
    """A UTF-8 text file of exactly `size` bytes, in paragraphs."""
    paragraph = ("Replicas keep their heartbeats while a large document is stored. " * 12).strip() + "\n\n"
    with open(path, "w") as out:
        written, i = 0, 0
        while written < size:
            piece = ("%d " % i) + paragraph
            piece = piece[: size - written]
            out.write(piece)
            written += len(piece)
            i += 1
    return path


def pdf_bomb(path, decoded_bytes):
    """A decompression bomb: one page whose Flate content stream shows about `decoded_bytes` characters."""
    line = b"(" + b"A" * 1000 + b") Tj\n"
    content = b"BT /F1 1 Tf 0 0 Td\n" + line * (decoded_bytes // len(line)) + b"ET\n"
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


class Follower(threading.Thread):
    """Reads one HTTP answer (an event stream or a long poll) to its end; records when it ended and what it said."""

    def __init__(self, replica, path):
        super().__init__(daemon=True)
        self.replica, self.path = replica, path
        self.ended_at, self.body, self.error = None, b"", None
        self.started = threading.Event()

    def run(self):
        request = urllib.request.Request(self.replica.url + self.path, headers={"Authorization": "Bearer " + TOKEN})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                self.started.set()
                while True:
                    chunk = response.read1(65536)
                    if not chunk:
                        break
                    self.body += chunk
        except Exception as e:  # a reset connection ends the answer too
            self.error = e
        finally:
            self.started.set()
            self.ended_at = time.monotonic()

    def last_event(self):
        events = [line[5:].strip() for line in self.body.decode().splitlines() if line.startswith("data:")]
        return json.loads(events[-1]) if events else None


class LivenessWatch(threading.Thread):
    """Asks /q/health/live of each replica every 200 ms with a 1 s timeout; records the slowest answer and failures."""

    def __init__(self, replicas):
        super().__init__(daemon=True)
        self.replicas, self.running = replicas, True
        self.slowest, self.failures, self.probes = 0.0, [], 0

    def run(self):
        while self.running:
            for replica in self.replicas:
                started = time.monotonic()
                try:
                    with urllib.request.urlopen(replica.url + "/q/health/live", timeout=1) as response:
                        if response.status != 200:
                            self.failures.append("%s answered %d" % (replica.name, response.status))
                except Exception as e:
                    self.failures.append("%s: %s" % (replica.name, e))
                self.slowest = max(self.slowest, time.monotonic() - started)
                self.probes += 1
            time.sleep(0.2)

    def stop(self):
        self.running = False
        self.join(5)


def terminate_backends():
    return psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '%s'"
                " AND pid <> pg_backend_pid()" % DB)


def claims_after_shutdown_started(replica):
    """The claims a replica logged after it logged that its shutdown started."""
    lines = replica.log_path.read_text(errors="replace").splitlines()
    starts = [i for i, line in enumerate(lines) if "worker %s: shutdown started" % replica.name in line]
    if not starts:
        return None
    return [line for line in lines[starts[-1]:] if "pending -> running" in line and "worker=" + replica.name in line]


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
    check(exit_seconds <= GRACE + 5, "took %.1f s to exit" % exit_seconds)
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


@scenario("SIGTERM with open streams, long polls and a large document in flight")
def sigterm_with_clients():
    # the document's transaction takes longer than the grace period: a trigger holds its insert for 8 s
    psql("CREATE OR REPLACE FUNCTION faults_slow_document() RETURNS trigger LANGUAGE plpgsql AS"
         " $$ BEGIN PERFORM pg_sleep(8); RETURN NEW; END $$;"
         " CREATE OR REPLACE TRIGGER faults_slow_document BEFORE INSERT ON document FOR EACH ROW"
         " WHEN (NEW.source_id LIKE 'slow-%') EXECUTE FUNCTION faults_slow_document()")
    try:
        return sigterm_with_clients_and_slow_document()
    finally:
        psql("DROP TRIGGER IF EXISTS faults_slow_document ON document")


def sigterm_with_clients_and_slow_document():
    large = text_file(ROOT / "slow-large.txt", 8 * MIB)
    code, op = upload(a, "term-large", [large])
    check(code == 202, "upload not accepted: %s %s" % (code, op))
    wait_for(lambda: running_on(replicas, op["id"]) and psql(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '%s' AND wait_event = 'PgSleep'" % DB) != "0",
        60, "the large document's transaction to be open")
    victim = running_on(replicas, op["id"])
    survivor = other(replicas, victim)
    clients = [Follower(victim, "/api/v1/operations/%s/events" % op["id"]),
               Follower(victim, "/api/v1/operations/events"),
               Follower(victim, "/api/v1/operations/%s/wait?timeout=60" % op["id"]),
               Follower(victim, "/api/v1/operations/%s/wait?timeout=60" % op["id"])]
    for client in clients:
        client.start()
    for stream in clients[:2]:
        stream.started.wait(10)  # an event stream answers at once with a snapshot (a long poll answers later)
    # work keeps arriving while the victim stops: it must claim none of it
    submitting, submitted = threading.Event(), []

    def submit_small():
        i = 0
        while not submitting.is_set():
            code, small = call(survivor, "POST", "/api/v1/ingest/text",
                               {"collection": "term-small", "text": "Small text %d while a replica stops." % i})
            if code == 202:
                submitted.append(small["id"])
            i += 1
            time.sleep(0.03)

    # a burst just before the signal: pending work the victim could claim if it still claimed
    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        burst = list(pool.map(lambda i: call(survivor, "POST", "/api/v1/ingest/text",
                                             {"collection": "term-small", "text": "Burst text %d." % i}), range(20)))
    submitted.extend(small["id"] for code, small in burst if code == 202)
    submitter = threading.Thread(target=submit_small, daemon=True)
    submitter.start()
    stopped = time.monotonic()
    victim.signal(signal.SIGTERM)
    victim.process.wait(GRACE + 15)
    exit_seconds = time.monotonic() - stopped
    submitting.set()
    submitter.join(10)
    for client in clients:
        client.join(5)
    check(exit_seconds <= GRACE + 5, "took %.1f s to exit (grace %d s)" % (exit_seconds, GRACE))
    answered = [round(client.ended_at - stopped, 2) for client in clients]
    check(all(0 <= seconds < 2 and client.error is None for seconds, client in zip(answered, clients)),
          "streams and long polls ended %s s after SIGTERM (errors %s; last answers %s)"
          % (answered, [c.error for c in clients], [c.body[-400:] for c in clients]))
    check(clients[0].last_event() and clients[0].last_event()["id"] == op["id"], "the stream's last event: %s"
          % (clients[0].body[-300:],))
    check(json.loads(clients[2].body)["id"] == op["id"], "the long poll answered %s" % clients[2].body[:200])
    claims = claims_after_shutdown_started(victim)
    check(claims is not None, "the victim did not log its shutdown")
    check(claims == [], "claimed after SIGTERM: %s" % claims)
    wait_for(lambda: operation(survivor, op["id"])["status"] == "completed", 120, "the survivor to store the document")
    done = operation(survivor, op["id"])
    check(done["attempt"] == 1, "attempt %s, expected 1 (a hand-back is not counted)" % done["attempt"])
    check(done["result"]["documents_added"] == 1, "result %s" % done["result"])
    wait_for(lambda: all(operation(survivor, i)["done"] for i in submitted), 60, "the small operations")
    mismatched = psql("SELECT count(*) FROM document d WHERE chunk_count <> (SELECT count(*) FROM chunk c"
                      " WHERE c.document_id = d.id)")
    check(mismatched == "0", "%s documents whose chunks do not match" % mismatched)
    victim.start()
    large.unlink()
    return ("exited in %.1f s; 2 streams and 2 long polls answered within %.1f s; no claim after SIGTERM while %d"
            " operations arrived; the 8 MiB document (its transaction held open 8 s, past the grace period) was"
            " handed back and stored by %s on attempt 1"
            % (exit_seconds, max(answered), len(submitted), survivor.name))


@scenario("a 100 MiB text and PDF bombs under -Xmx512m, heartbeat 1 s / stale-after 4 s")
def large_and_hostile_files():
    settings = {"INGEST_HEARTBEAT_INTERVAL": "1s", "INGEST_STALE_AFTER": "4s", "INGEST_SIMULATE_ITEM_DELAY": "0ms",
                # the default 20 M characters would make the 100 MiB text too_large: raised to store it
                "INGEST_LIMITS_EXTRACTED_CHARS": "120000000"}
    for replica in replicas:
        replica.restart(settings, ["-Xmx512m"])
    big = text_file(ROOT / "big.txt", 100 * MIB)
    bomb = pdf_bomb(ROOT / "bomb.pdf", 20_000_000)
    huge_bomb = pdf_bomb(ROOT / "huge-bomb.pdf", 400_000_000)
    watch = LivenessWatch(replicas)
    watch.start()
    try:
        answers = [upload(a, "large", [big]), upload(b, "hostile", [bomb]), upload(a, "hostile2", [huge_bomb])]
        check(all(code == 202 for code, _ in answers), "uploads: %s" % [code for code, _ in answers])
        ids = [op["id"] for _, op in answers]
        wait_for(lambda: all(operation(a, i)["done"] for i in ids), 300, "the three files")
    finally:
        watch.stop()
    big_op, bomb_op, huge_op = (operation(a, i) for i in ids)
    check(all(op["status"] == "completed" and op["attempt"] == 1 for op in (big_op, bomb_op, huge_op)),
          "states %s" % [(op["status"], op["attempt"]) for op in (big_op, bomb_op, huge_op)])
    check(big_op["result"]["documents_added"] == 1, "100 MiB result %s" % big_op["result"])
    stored = int(psql("SELECT sum(length(t.content)) FROM document_text t JOIN document d ON d.id = t.document_id"
                      " WHERE d.collection = 'large'"))
    check(stored == 100 * MIB, "%d characters stored" % stored)
    for op in (bomb_op, huge_op):
        failures = op["result"]["failures"]
        check(len(failures) == 1 and failures[0]["reason"] == "too_large", "bomb result %s" % op["result"])
    check(not watch.failures, "liveness failed: %s" % watch.failures[:5])
    check(watch.slowest < 1.0, "slowest liveness answer %.2f s" % watch.slowest)
    check(all(r.process.poll() is None for r in replicas), "a replica exited")
    reaped = psql("SELECT count(*) FROM operation WHERE collection IN ('large', 'hostile', 'hostile2')"
                  " AND (attempt > 1 OR error_code = 'heartbeat_timeout')")
    check(reaped == "0", "%s operations were reaped" % reaped)
    for path in (big, bomb, huge_bomb):
        path.unlink()
    return ("stored 100 MiB as one document (%d chunks); both bombs too_large (%s, %s); %d liveness probes, slowest"
            " %.2f s; nothing reaped" % (big_op["result"]["chunks_created"], bomb_op["result"]["failures"][0]["detail"],
                                         huge_op["result"]["failures"][0]["detail"], watch.probes, watch.slowest))


@scenario("connections terminated while 200 tiny operations are submitted and run")
def connections_cut_under_load():
    codes, missing_retry_after = [], []

    def submit(i):
        replica = replicas[i % 2]
        for _ in range(50):
            code, body, headers = exchange(replica, "POST", "/api/v1/ingest/text",
                                           {"collection": "cut200", "text": "Tiny text number %d." % i},
                                           {"Idempotency-Key": "cut200-%d" % i})
            codes.append(code)
            if code == 202:
                return body["id"]
            if code == 503:
                if not headers.get("Retry-After"):
                    missing_retry_after.append(i)
                time.sleep(0.2)
                continue
            raise AssertionError("submission %d answered %s: %s" % (i, code, body))
        raise AssertionError("submission %d never accepted" % i)

    def cut():
        killed = 0
        for _ in range(4):
            time.sleep(0.4)
            killed += int(terminate_backends())
        return killed

    with concurrent.futures.ThreadPoolExecutor(9) as pool:
        cutter = pool.submit(cut)
        ids = list(pool.map(submit, range(200)))
        killed = cutter.result()
    wait_for(lambda: psql("SELECT count(*) FROM operation WHERE collection = 'cut200' AND status IN"
                          " ('pending', 'running')") == "0", 120, "every operation to finish")
    states = psql("SELECT string_agg(DISTINCT status, ',') FROM operation WHERE collection = 'cut200'")
    check(states == "completed", "final states: %s" % states)
    check(set(codes) <= {202, 503}, "answers: %s" % sorted(set(codes)))
    check(not missing_retry_after, "503 without Retry-After for %s" % missing_retry_after[:5])
    documents = psql("SELECT count(*) FROM document WHERE collection = 'cut200'")
    check(len(set(ids)) == 200 and documents == "200", "%s documents for %d operations" % (documents, len(set(ids))))
    wait_for(lambda: all(status(r.url + "/q/health/ready") == 200 for r in replicas), 60, "both replicas ready")
    return ("%d connections terminated; answers %s (%d refused 503 with Retry-After, then accepted); all 200"
            " completed, 200 documents" % (killed, sorted(set(codes)), codes.count(503)))


@scenario("a client generated from the live OpenAPI document")
def generated_client():
    run = subprocess.run(["clients/run.sh", a.url, TOKEN], capture_output=True, text=True, timeout=600)
    check(run.returncode == 0, "clients/run.sh failed:\n%s%s" % (run.stdout[-3000:], run.stderr[-3000:]))
    return run.stdout.strip().splitlines()[-1]


@scenario("/q/metrics parses with promtool")
def metrics_parse():
    results = []
    for replica in replicas:
        with urllib.request.urlopen(replica.url + "/q/metrics", timeout=10) as response:
            scrape = response.read()
        checked = subprocess.run(["promtool", "check", "metrics"], input=scrape, capture_output=True)
        output = (checked.stdout + checked.stderr).decode()
        # exit 1: the scrape cannot be parsed; exit 3: lint advice about third-party meter names only
        parse_failed = "error while linting" in output or "parsing error" in output
        check(checked.returncode in (0, 3) and not parse_failed, "promtool on %s: %s" % (replica.name, output))
        results.append("%s exit %d" % (replica.name, checked.returncode))
    return "; ".join(results)


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
        # the large files go last: 800 000 fresh chunk rows slow the database down for a while after
        for run in (kill_mid_sync, sigterm_hand_back, sigterm_with_clients, freeze_and_thaw, burst, connections_cut,
                    connections_cut_under_load, database_restart, metrics_parse, generated_client,
                    large_and_hostile_files):
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
