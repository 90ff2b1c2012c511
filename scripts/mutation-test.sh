#!/usr/bin/env bash
# The mutation gate (PIT on the hand-written client, then scripts/check-mutation-score.py: 90% overall, 85% per
# class), on what changed since the committed baseline of a full run (src/client/pit-baseline/; how it decides,
# and why a stale baseline only costs time: scripts/pit-incremental.py).
#
#   scripts/mutation-test.sh                      what CI runs, on the classes ./mvnw verify compiled (it does
#                                                 not compile them again)
#   PIT_FULL=1 scripts/mutation-test.sh           every mutant, whatever the baseline says
#   scripts/mutation-test.sh --refresh-baseline   compiles the client, runs every mutant, and, when the gate
#                                                 passes, makes the result the new baseline (commit
#                                                 src/client/pit-baseline/): after a merge that changed the
#                                                 client, so that CI's next runs mutate only what changes next
set -euo pipefail
cd "$(dirname "$0")/.."

refresh=false
case "${1:-}" in
  --refresh-baseline) refresh=true; export PIT_FULL=1 ;;
  "") ;;
  *) echo "usage: $0 [--refresh-baseline]" >&2; exit 2 ;;
esac

if $refresh; then
  # The client's classes as CI compiles them (the README's ./mvnw verify compiles the same sources the same way).
  ./mvnw -q -B -ntp -pl src/client test-compile
fi

plan=$(python3 scripts/pit-incremental.py plan)
rm -f src/client/target/pit-reports/mutations.xml src/client/target/pit-reports/mutations-rerun.xml
# The goal alone, not the lifecycle: PIT reads the classes and test classes already compiled, so nothing is
# generated or compiled again (nor can a step running beside this one see the classes being rewritten).
pit=(./mvnw -B -ntp -pl src/client -Ppit org.pitest:pitest-maven:mutationCoverage)
pit_status=0
case "$plan" in
  full)
    "${pit[@]}" || pit_status=$? ;;
  changed)
    # PIT's own threshold is left to the gate below, which applies the same 90% to the merged report: on a
    # few classes alone PIT's overall figure means nothing.
    "${pit[@]}" -DtargetClasses="$(cat src/client/target/pit-incremental/target-classes.txt)" -Dpit.mutationThreshold=0 \
      || pit_status=$? ;;
  cached) ;;
  *) echo "scripts/pit-incremental.py plan said '$plan'" >&2; exit 1 ;;
esac
# PIT's own threshold (90% overall) may fail its run before the table is printed, so the table comes first.
if [ "$pit_status" = 0 ] || [ -f src/client/target/pit-reports/mutations.xml ]; then
  python3 scripts/pit-incremental.py merge
  python3 scripts/check-mutation-score.py
fi
[ "$pit_status" = 0 ] || { echo "the PIT run failed (exit $pit_status)" >&2; exit "$pit_status"; }

if $refresh; then
  python3 scripts/pit-incremental.py save
  git status --short src/client/pit-baseline
fi
