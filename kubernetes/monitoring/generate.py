#!/usr/bin/env python3
"""Writes prometheus-rule.yaml (a Prometheus Operator PrometheusRule) from alerts.yaml, so the two
never drift. With --check it only verifies that the file is up to date (CI runs that)."""
import pathlib
import sys

here = pathlib.Path(__file__).parent
body = (here / "alerts.yaml").read_text().split("groups:", 1)[1]
indented = "\n".join(("  " + line) if line.strip() else line for line in body.splitlines())
rule = ("# Generated from alerts.yaml by generate.py; do not edit by hand.\n"
        "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: ingest-operations\n"
        "spec:\n  groups:" + indented + "\n")
target = here / "prometheus-rule.yaml"
if "--check" in sys.argv:
    if target.read_text() != rule:
        sys.exit("prometheus-rule.yaml is out of date: run python3 kubernetes/monitoring/generate.py")
else:
    target.write_text(rule)
