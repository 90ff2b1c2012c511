#!/usr/bin/env bash
# The contract does its job: the standalone verifier (the one pinned package, scripts/install-pact-cli.sh)
# runs contracts/ against a provider written from contracts/PROVIDER.md and the spec alone
# (src/tests/provider-from-guide/provider.py, no code shared with the sandbox), which must pass, with a
# teardown for every setup (--state-change-teardown); then against that provider with one deliberate
# slip at a time, each of which must fail, and fail exactly the interactions that hold the provider to
# what it broke:
#   pin-ignored     the pinned page (snapshot echoed, customers created after it not counted)
#   filter-ignored  the customer_id filter (exactly one customer)
#   field-renamed   every interaction whose body has a customer id
#   401-for-403     the token without the list scope
# Needs: Node.js (npm) and Python 3.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(scripts/install-pact-cli.sh)
pact=contracts/passport-customers-java-passport-paas-customers.json
work=$(mktemp -d)
provider_pid=
stop_provider() {
  [ -z "$provider_pid" ] || { kill "$provider_pid" 2>/dev/null || true; wait "$provider_pid" 2>/dev/null || true; }
  provider_pid=
}
trap 'stop_provider; rm -rf "$work"' EXIT

# verify NAME [--break MODE]: starts the provider, verifies, leaves the log in $work/NAME.log and the
# verifier's exit code in $status.
verify() {
  local name=$1; shift
  python3 src/tests/provider-from-guide/provider.py "$@" > "$work/$name.port" 2> "$work/$name.states" &
  provider_pid=$!
  for _ in $(seq 1 100); do [ -s "$work/$name.port" ] && break; sleep 0.05; done
  local port
  port=$(head -1 "$work/$name.port")
  [ -n "$port" ] || { cat "$work/$name.states" >&2; echo "the provider ($name) did not start" >&2; exit 1; }
  status=0
  PACT_DO_NOT_TRACK=true "$bin/pact-verifier" --file "$pact" --hostname 127.0.0.1 --port "$port" \
    --state-change-url "http://127.0.0.1:$port/_pact/provider-states" --state-change-teardown --no-colour \
    > "$work/$name.log" 2>&1 || status=$?
  stop_provider
}

# failed NAME: the descriptions of the interactions the verifier listed as failed, one a line, sorted.
failed() {
  sed -n 's/^[0-9][0-9]*) Verifying a pact between .* - //p' "$work/$1.log" | sort
}

verify honest
if [ "$status" != 0 ]; then
  cat "$work/honest.log" >&2
  echo "FAILED: the provider written from contracts/PROVIDER.md does not verify (exit $status)" >&2
  exit 1
fi
python3 - "$pact" "$work/honest.states" <<'PY'
import json, sys
states = sum(len(i["providerStates"]) for i in json.load(open(sys.argv[1]))["interactions"])
log = open(sys.argv[2]).read().splitlines()
setups = sum(line.startswith("setup: ") for line in log)
teardowns = sum(line.startswith("teardown: ") for line in log)
assert setups == states and teardowns == states, f"{states} states in the contract, {setups} setups, {teardowns} teardowns"
print(f"ok: the provider from the guide verifies: {setups} setups, {teardowns} teardowns")
PY

expect_to_fail() {
  local mode=$1 expected
  expected=$(printf '%s\n' "$2" | sort)
  verify "$mode" --break "$mode"
  local got
  got=$(failed "$mode")
  if [ "$status" = 0 ] || [ "$got" != "$expected" ]; then
    cat "$work/$mode.log" >&2
    printf 'FAILED: a provider with the slip %s: verifier exit %s; failed interactions:\n%s\nexpected:\n%s\n' \
      "$mode" "$status" "$got" "$expected" >&2
    exit 1
  fi
  echo "ok: $mode fails $(printf '%s\n' "$got" | wc -l) interaction(s): $(printf '%s' "$got" | tr '\n' ';')"
}
expect_to_fail pin-ignored "a request for a later page of a listing, pinned to the first page's snapshot"
expect_to_fail filter-ignored "a request for the customer with one id"
expect_to_fail field-renamed "$(python3 - "$pact" <<'PY'
import json, sys
for i in json.load(open(sys.argv[1]))["interactions"]:
    body = i["response"].get("body", {}).get("content")
    if isinstance(body, dict) and ("customers" in body or "id" in body):
        print(i["description"])
PY
)"
expect_to_fail 401-for-403 "a request for customers with a token that lacks the list scope"
