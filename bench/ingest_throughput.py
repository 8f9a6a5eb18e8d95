#!/usr/bin/env python3
"""Ingestion throughput of one instance, next to PostgreSQL's own COPY of the same chunks.

Usage: bench/ingest_throughput.py URL TOKEN DB_NAME [TEXT_MB] [TEXTS] [MESSAGES]
Run through bench/run-ingest.sh, which starts a fresh service and database first.
"""
import json
import random
import subprocess
import sys
import time
import urllib.request

url, token, db = sys.argv[1], sys.argv[2], sys.argv[3]
text_mb = float(sys.argv[4]) if len(sys.argv) > 4 else 4
texts = int(sys.argv[5]) if len(sys.argv) > 5 else 6
messages = int(sys.argv[6]) if len(sys.argv) > 6 else 10000

random.seed(7)
WORDS = ("search index chunk tenant replica worker heartbeat deadline operation document collection postgres "
         "vector ranking query latency throughput cluster schema migration backup restore snapshot ingest "
         "pipeline extract parse token window overlap paragraph sentence storage journal commit").split()


def sentence():
    return " ".join(random.choice(WORDS) for _ in range(random.randint(8, 20))).capitalize() + "."


def text_of(size_bytes):
    parts, size = [], 0
    while size < size_bytes:
        paragraph = " ".join(sentence() for _ in range(random.randint(3, 7)))
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts)


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def wait_done(ids):
    for op_id in ids:
        while True:
            op = call("GET", "/api/v1/operations/%s/wait?timeout=60" % op_id)
            if op["done"]:
                if op["status"] != "completed":
                    sys.exit("operation %s ended %s: %s" % (op_id, op["status"], op["error"]))
                break


def psql(sql):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-XtAq", "-c", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


# 1. large texts, submitted at once, run by the service's workers
bodies = [text_of(int(text_mb * 1024 * 1024)) for _ in range(texts)]
total_mb = sum(len(b.encode()) for b in bodies) / 1024 / 1024
start = time.monotonic()
ids = [call("POST", "/api/v1/ingest/text", {"collection": "large", "text": b, "source_id": "t%d" % i})["id"]
       for i, b in enumerate(bodies)]
wait_done(ids)
large_seconds = time.monotonic() - start
large_rate = total_mb / large_seconds

# 2. small messages in batches
batch = 1000
msgs = [{"id": "m%d" % i, "text": " ".join(sentence() for _ in range(2))} for i in range(messages)]
start = time.monotonic()
ids = [call("POST", "/api/v1/ingest/batch", {"collection": "small", "messages": msgs[i:i + batch]})["id"]
       for i in range(0, messages, batch)]
wait_done(ids)
small_seconds = time.monotonic() - start
small_rate = messages / small_seconds

# 3. PostgreSQL's own bulk load of the same chunks into an equivalent table (generated tsvector, the same
#    indexes including GIN; no foreign key)
psql("DROP TABLE IF EXISTS chunk_copy; CREATE TABLE chunk_copy (LIKE chunk INCLUDING ALL)")  # same indexes
psql("COPY (SELECT document_id, tenant_id, collection, chunk_index, content FROM chunk WHERE collection = 'large')"
     " TO '/tmp/ingest_bench_chunks.copy'")
chunk_mb = float(psql("SELECT sum(octet_length(content)) / 1024.0 / 1024 FROM chunk WHERE collection = 'large'"))
start = time.monotonic()
psql("COPY chunk_copy (document_id, tenant_id, collection, chunk_index, content) FROM '/tmp/ingest_bench_chunks.copy'")
copy_seconds = time.monotonic() - start
copy_rate = chunk_mb / copy_seconds
chunks = int(psql("SELECT count(*) FROM chunk WHERE collection = 'large'"))

print("large texts: %d x %.1f MB = %.1f MB of text, %d chunks, in %.2f s: %.2f MB/s"
      % (texts, text_mb, total_mb, chunks, large_seconds, large_rate))
print("COPY of the same chunks (%.1f MB incl. overlap) into an equivalent table: %.2f s: %.2f MB/s"
      % (chunk_mb, copy_seconds, copy_rate))
print("ratio service / COPY: %.0f %% (text MB/s over chunk MB/s; chunks repeat the overlap, so COPY writes %.0f %% more bytes)"
      % (100 * large_rate / copy_rate, 100 * (chunk_mb / total_mb - 1)))
print("small messages: %d in batches of %d in %.2f s: %.0f documents/s" % (messages, batch, small_seconds, small_rate))
