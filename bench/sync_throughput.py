#!/usr/bin/env python3
"""First sync and no-change re-sync of a folder of small files. Run through bench/run-sync.sh.

Usage: bench/sync_throughput.py URL TOKEN SYNC_ROOT [FILES]
"""
import json
import os
import random
import sys
import time
import urllib.request

url, token, root = sys.argv[1], sys.argv[2], sys.argv[3]
files = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
source = "bench-%d" % files
folder = os.path.join(root, source)

random.seed(11)
WORDS = "sync folder file change detect hash size time index chunk search replica tenant lock".split()
os.makedirs(folder, exist_ok=True)
for i in range(files):
    sub = os.path.join(folder, "d%03d" % (i % 100))
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, "f%05d.txt" % i), "w") as f:
        f.write(" ".join(random.choice(WORDS) for _ in range(40)) + ". File %d.\n" % i)


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def sync():
    start = time.monotonic()
    op = call("POST", "/api/v1/sync", {"collection": "bench", "source": source})
    while not op["done"]:
        op = call("GET", "/api/v1/operations/%s/wait?timeout=60" % op["id"])
    if op["status"] != "completed":
        sys.exit("sync ended %s: %s" % (op["status"], op["error"]))
    return time.monotonic() - start, op["result"]


first_seconds, first = sync()
second_seconds, second = sync()
print("first sync of %d small files: %.2f s, %.0f files/s (added %d)" % (files, first_seconds, files / first_seconds, first["documents_added"]))
print("no-change re-sync: %.2f s, %.0f files/s (unchanged %d, files read: 0 by size and modification time)"
      % (second_seconds, files / second_seconds, second["documents_unchanged"]))
