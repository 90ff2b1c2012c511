#!/usr/bin/env python3
"""Mutation testing on what changed: decides which of the client's classes PIT must mutate again, given the
committed baseline of a full run (src/client/pit-baseline/), and merges PIT's results with the baseline's.

PIT 1.30 has no history file of its own (its incremental analysis is a commercial plugin), so this keeps one at
the level of classes, which is simple enough to be checked by reading it:

  plan   compares the build's class files (src/client/target/classes and test-classes, as ./mvnw compiled them)
         with the ones the baseline was measured on, and prints one word on standard output:
           full        no usable baseline: none, PIT_FULL=1, or a change that class files cannot describe (the
                       POMs, the Maven wrapper, the JDK, a resource, a class file that went away);
           cached      not one class file differs: the baseline's results are this build's results;
           changed     PIT must mutate the classes written to target/pit-incremental/target-classes.txt
                       (comma-separated, for -DtargetClasses) and every other class keeps its baseline results.
         Why, with counts, goes to standard error.
  merge  writes src/client/target/pit-reports/mutations.xml: the baseline's mutants of every class not mutated
         again, and PIT's own for the classes it mutated (PIT's report is kept as mutations-rerun.xml).
         scripts/check-mutation-score.py then gates the merged report exactly as a full run's.
  save   makes the report of a full run (src/client/target/pit-reports/mutations.xml) and the class files it
         was measured on the new baseline (scripts/mutation-test.sh --refresh-baseline does all of it).

Which classes PIT mutates again (class-file dependencies from jdeps, every package of the module; a class
"changed" when its bytes differ from the baseline's or it is new; a test "changed" when it did or a test class
it reaches did, e.g. a fake clock):
  1. every production class that changed or reaches a changed production class (its behaviour may differ);
  2. every class one of whose mutants a changed test killed in the baseline (that kill is proven again);
  3. every class with a mutant no test killed in the baseline (survived, no coverage, timed out) that a changed
     test reaches: the test may kill it now.
Every other class keeps its baseline results. That is PIT's own incremental rule (a mutant is analysed again
when its class or its killing test changed, or, if it survived, when the tests covering its class changed),
made stricter by (1)'s dependencies and the tests' helpers. What it cannot see: a killed mutant of an unchanged
class whose unchanged killing test now runs through other changed code that hides the mutant; and a class loaded
by name from a string. A full run is the backstop: PIT_FULL=1, any change class files cannot describe (above),
more than 80% of the mutants to run again, and --refresh-baseline after every merge that changes the client.
A stale or missing baseline (classes renamed or moved: files gone) means a full run, never other verdicts.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = os.path.join(ROOT, "src", "client")
TARGET = os.path.join(MODULE, "target")
DIRS = {"main": os.path.join(TARGET, "classes"), "test": os.path.join(TARGET, "test-classes")}
BASELINE = os.path.join(MODULE, "pit-baseline")
BASELINE_FILES = os.path.join(BASELINE, "class-files.json")
BASELINE_REPORT = os.path.join(BASELINE, "mutations.xml")
PLAN = os.path.join(TARGET, "pit-incremental")
REPORTS = os.path.join(TARGET, "pit-reports")
# What class files do not show: the build's configuration and the JDK that compiles and runs it.
CONFIG_FILES = ["pom.xml", "src/client/pom.xml", ".mvn/wrapper/maven-wrapper.properties"]
# Above this share of the baseline's mutants, a partial run saves too little to be worth its merge.
FULL_ABOVE = 0.8


def say(message):
    print(f"pit-incremental: {message}", file=sys.stderr)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def config_fingerprint():
    digest = hashlib.sha256()
    for name in CONFIG_FILES:
        path = os.path.join(ROOT, name)
        digest.update(name.encode() + b"\0" + (open(path, "rb").read() if os.path.exists(path) else b"(none)") + b"\0")
    java = subprocess.run(["java", "-version"], capture_output=True, text=True)
    digest.update((java.stderr + java.stdout).encode())
    return digest.hexdigest()


def build_files():
    """Every file of the compiled module, as "main:io/passport/.../X.class" -> sha256."""
    files = {}
    for kind, top in DIRS.items():
        if not os.path.isdir(top):
            sys.exit(f"pit-incremental: missing {os.path.relpath(top, ROOT)}: compile the client first "
                     "(./mvnw verify, or ./mvnw -pl src/client test-compile)")
        for folder, _, names in os.walk(top):
            for name in names:
                path = os.path.join(folder, name)
                files[f"{kind}:{os.path.relpath(path, top)}"] = sha256(path)
    return files


def class_name(key):
    """"main:io/passport/customers/X$1.class" -> "io.passport.customers.X$1"."""
    return key.split(":", 1)[1][: -len(".class")].replace(os.sep, ".")


def outer(name):
    return name.split("$", 1)[0]


def dependencies(names):
    """Class -> the classes of this module it refers to (jdeps -verbose:class, every package)."""
    result = subprocess.run(
        ["jdeps", "-verbose:class", "-filter:none", "--multi-release", "17",
         "-cp", os.pathsep.join(DIRS.values()), *DIRS.values()],
        capture_output=True, text=True, check=True)
    edges = {name: set() for name in names}
    for line in result.stdout.splitlines():
        m = re.match(r"\s+(\S+)\s+->\s+(\S+)\s", line)
        if m and m.group(1) in edges and m.group(2) in edges and m.group(1) != m.group(2):
            edges[m.group(1)].add(m.group(2))
    return edges


def reachable(edges, start):
    seen, todo = set(start), list(start)
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def write_plan(word, classes=()):
    os.makedirs(PLAN, exist_ok=True)
    with open(os.path.join(PLAN, "target-classes.txt"), "w") as f:
        f.write(",".join(sorted(classes)) + "\n")
    with open(os.path.join(PLAN, "plan.txt"), "w") as f:
        f.write(word + "\n")
    print(word)


def plan():
    if os.environ.get("PIT_FULL") == "1":
        say("PIT_FULL=1: a full run")
        return write_plan("full")
    if not (os.path.exists(BASELINE_FILES) and os.path.exists(BASELINE_REPORT)):
        say(f"no baseline in {os.path.relpath(BASELINE, ROOT)}: a full run")
        return write_plan("full")
    baseline = json.load(open(BASELINE_FILES))
    if baseline.get("config") != config_fingerprint():
        say(f"the POMs, the Maven wrapper or the JDK differ from the baseline's ({', '.join(CONFIG_FILES)}, "
            "java -version): a full run")
        return write_plan("full")
    now, then = build_files(), baseline["files"]
    gone = sorted(set(then) - set(now))
    if gone:
        say(f"{len(gone)} file(s) of the baseline's build are gone (e.g. {gone[0]}): a full run")
        return write_plan("full")
    changed = sorted(key for key in now if then.get(key) != now[key])
    resources = [key for key in changed if not key.endswith(".class")]
    if resources:
        say(f"{len(resources)} resource(s) changed (e.g. {resources[0]}): a full run")
        return write_plan("full")
    if not changed:
        say(f"all {len(now)} class files are the baseline's: its results are this build's (no mutant to run)")
        return write_plan("cached")

    kind = {class_name(key): key.split(":", 1)[0] for key in now if key.endswith(".class")}
    edges = dependencies(kind)
    changed_names = {class_name(key) for key in changed}
    mutants = list(ET.parse(BASELINE_REPORT).getroot().iter("mutation"))

    def reverse_closure(within):
        """Every class of kind `within` that reaches a changed class of that kind through classes of that kind."""
        reverse = {name: set() for name in kind if kind[name] == within}
        for name in reverse:
            for target in edges[name]:
                if target in reverse:
                    reverse[target].add(name)
        return reachable(reverse, changed_names & reverse.keys())

    # 1. A production class whose bytes changed, or that reaches one (its own behaviour may differ).
    mutate = {outer(name) for name in reverse_closure("main")}
    # A test changed: its own bytes, or a test class it reaches (a helper: a fake clock, a fake server).
    changed_tests = {outer(name) for name in reverse_closure("test")}
    # 2. A class one of whose mutants a changed test killed (that kill must be proven again).
    # 3. A class with a mutant no test killed (survived, not covered, timed out) that a changed test reaches:
    #    the test may kill it now (and a timed-out mutant may end differently).
    reached_outer = {outer(name) for name in reachable(edges, {n for n in kind if outer(n) in changed_tests})}
    for m in mutants:
        cls = outer(m.findtext("mutatedClass"))
        killer = m.get("killedBy", "").split("/", 1)[0]
        if m.get("status") == "KILLED":
            if killer in changed_tests or killer not in kind:
                mutate.add(cls)
        elif cls in reached_outer:
            mutate.add(cls)
    # Every class file of a mutated class (its nested and anonymous classes too), by name: no pattern that
    # could reach a neighbour whose name starts alike.
    target_classes = sorted(name for name in kind if kind[name] == "main" and outer(name) in mutate)
    tests = changed_tests

    baseline_mutants = [m.findtext("mutatedClass") for m in mutants]
    again = sum(1 for c in baseline_mutants if outer(c) in mutate)
    say(f"{len(changed_names)} class file(s) changed ({', '.join(sorted(changed_names)[:6])}"
        f"{', ...' if len(changed_names) > 6 else ''}), {len(tests)} test class(es) changed or reach a changed one; "
        f"PIT mutates again {len(mutate)} class(es), {again} of the baseline's {len(baseline_mutants)} mutants "
        f"(and any new ones): {', '.join(sorted(c.rsplit('.', 1)[1] for c in mutate))}")
    if again > FULL_ABOVE * len(baseline_mutants):
        say(f"that is over {FULL_ABOVE:.0%} of the mutants: a full run")
        return write_plan("full")
    return write_plan("changed", target_classes)


def merge():
    word = open(os.path.join(PLAN, "plan.txt")).read().strip()
    os.makedirs(REPORTS, exist_ok=True)
    report = os.path.join(REPORTS, "mutations.xml")
    if word == "full":
        return
    mutated = set()
    rerun = []
    if word == "changed":
        os.replace(report, os.path.join(REPORTS, "mutations-rerun.xml"))
        mutated = {outer(c) for c in open(os.path.join(PLAN, "target-classes.txt")).read().strip().split(",")}
        rerun = list(ET.parse(os.path.join(REPORTS, "mutations-rerun.xml")).getroot().iter("mutation"))
        strays = sorted({outer(m.findtext("mutatedClass")) for m in rerun} - mutated)
        if strays:
            sys.exit(f"pit-incremental: PIT mutated classes it was not asked to: {strays}")
    kept = [m for m in ET.parse(BASELINE_REPORT).getroot().iter("mutation")
            if outer(m.findtext("mutatedClass")) not in mutated]
    merged = ET.Element("mutations")
    merged.text = "\n"
    for m in kept + rerun:
        m.tail = "\n"
        merged.append(m)
    ET.ElementTree(merged).write(report + ".tmp", encoding="UTF-8", xml_declaration=True)
    os.replace(report + ".tmp", report)
    say(f"{os.path.relpath(report, ROOT)}: {len(kept)} mutants from the baseline, {len(rerun)} from this run")


def killer(text):
    """"pkg.T.[engine:junit-jupiter]/[class:pkg.T]/[nested-class:Inner]/[method:m(int)]" -> "pkg.T/Inner/m(int)"."""
    if not text:
        return ""
    parts = re.findall(r"\[(?:class|nested-class|method|test-template|test-template-invocation|property):([^\]]*)\]", text)
    return "/".join(parts) or text


def save():
    report = os.path.join(REPORTS, "mutations.xml")
    if open(os.path.join(PLAN, "plan.txt")).read().strip() != "full" or not os.path.exists(report):
        sys.exit("pit-incremental: save takes the report of a full run (scripts/mutation-test.sh --refresh-baseline)")
    mutants = []
    for m in ET.parse(report).getroot().iter("mutation"):
        # One line a mutant, sorted, so that a refreshed baseline's diff shows what changed. What
        # scripts/check-mutation-score.py reads is kept as PIT writes it; the rest is shortened.
        slim = ET.Element("mutation", {
            "status": m.get("status"), "method": m.findtext("mutatedMethod"),
            "mutator": m.findtext("mutator").rsplit(".", 1)[-1], "killedBy": killer(m.findtext("killingTest"))})
        for name in ("mutatedClass", "lineNumber", "description"):
            ET.SubElement(slim, name).text = m.findtext(name)
        slim.tail = "\n"
        mutants.append(slim)
    mutants.sort(key=lambda m: (m.findtext("mutatedClass"), int(m.findtext("lineNumber")), m.get("method"),
                                m.get("mutator"), m.findtext("description"), m.get("status"), m.get("killedBy")))
    root = ET.Element("mutations")
    root.text = "\n"
    root.extend(mutants)
    os.makedirs(BASELINE, exist_ok=True)
    ET.ElementTree(root).write(BASELINE_REPORT + ".tmp", encoding="UTF-8", xml_declaration=True)
    with open(BASELINE_FILES + ".tmp", "w") as f:
        json.dump({"config": config_fingerprint(), "files": dict(sorted(build_files().items()))}, f, indent=0)
        f.write("\n")
    os.replace(BASELINE_REPORT + ".tmp", BASELINE_REPORT)
    os.replace(BASELINE_FILES + ".tmp", BASELINE_FILES)
    say(f"baseline saved: {len(mutants)} mutants, in {os.path.relpath(BASELINE, ROOT)}")


if __name__ == "__main__":
    commands = {"plan": plan, "merge": merge, "save": save}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: {sys.argv[0]} plan|merge|save")
    commands[sys.argv[1]]()
