#!/usr/bin/env python3
"""Prints PIT's mutation score per class from src/client/target/pit-reports/mutations.xml and fails (exit 1)
when the hand-written client's overall score is under 90% or any class's is under 85%.

Survived and no-coverage mutants count against the score; timed-out and memory-error ones count as
killed, as PIT counts them. Run after ./mvnw -pl src/client -Ppit verify."""
import collections
import sys
import xml.etree.ElementTree as ET

OVERALL, PER_CLASS = 90.0, 85.0
KILLED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}

report = sys.argv[1] if len(sys.argv) > 1 else "src/client/target/pit-reports/mutations.xml"
per_class = collections.defaultdict(lambda: [0, 0])
survivors = collections.defaultdict(list)
for mutation in ET.parse(report).getroot().iter("mutation"):
    cls = mutation.findtext("mutatedClass").split("$")[0]
    status = mutation.get("status")
    per_class[cls][1] += 1
    if status in KILLED:
        per_class[cls][0] += 1
    else:
        survivors[cls].append(f"{status} line {mutation.findtext('lineNumber')}: {mutation.findtext('description')}")

if not per_class:
    sys.exit(f"no mutations in {report}")
killed = sum(k for k, _ in per_class.values())
total = sum(t for _, t in per_class.values())
failed = []
print(f"{'class':<58} {'killed':>7} {'total':>6} {'score':>7}")
for cls, (k, t) in sorted(per_class.items()):
    score = 100.0 * k / t
    mark = "" if score >= PER_CLASS else f"  < {PER_CLASS:.0f}%"
    if mark:
        failed.append(cls)
    print(f"{cls:<58} {k:>7} {t:>6} {score:>6.1f}%{mark}")
overall = 100.0 * killed / total
print(f"{'overall':<58} {killed:>7} {total:>6} {overall:>6.1f}%")
for cls in failed:
    print(f"\nsurvivors in {cls}:")
    for line in survivors[cls]:
        print(f"  {line}")
if overall < OVERALL or failed:
    sys.exit(f"mutation score below the gate: overall {overall:.1f}% (needs {OVERALL:.0f}%), "
             f"{len(failed)} class(es) under {PER_CLASS:.0f}%")
