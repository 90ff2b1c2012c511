#!/usr/bin/env bash
# Keeps the broker workflow's commands (scripts/pact-broker.sh) valid without a broker: the nearest to a
# dry run the pact-broker CLI offers (publish has no --dry-run). Runs each command against a stand-in
# broker on loopback (scripts/fake-pact-broker.py):
# - publish must succeed, and what reached the broker must be contracts/ itself, under the participant
#   names in the pact, for this version and branch;
# - can-i-deploy, record-deployment and verify-provider cannot succeed (the stand-in knows no matrix,
#   versions or pacts for verification), but each must get as far as asking the broker: a usage error
#   (exit code 2) fails this check.
# Needs: npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
broker_pid=
cleanup() {
  [ -z "$broker_pid" ] || { kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

python3 scripts/fake-pact-broker.py "$work/requests.log" "$work/published.json" > "$work/port" 2>"$work/broker.err" &
broker_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(head -1 "$work/port")
[ -n "$port" ] || { cat "$work/broker.err" >&2; echo "the stand-in broker did not start" >&2; exit 1; }

export PACT_BROKER_BASE_URL="http://127.0.0.1:$port" PACT_BROKER_HTTP_RETRIES=0
export VERSION=0123456789abcdef0123456789abcdef01234567 BRANCH=ci-dry-run RETRY_WHILE_UNKNOWN=0

scripts/pact-broker.sh publish > "$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; echo "FAILED: publish" >&2; exit 1; }
python3 - "$work/published.json" <<'PY'
import base64, glob, json, sys
published = json.load(open(sys.argv[1]))
pacts = {json.load(open(p))["consumer"]["name"] + "/" + json.load(open(p))["provider"]["name"]: json.load(open(p))
         for p in glob.glob("contracts/*.json")}
assert published["pacticipantVersionNumber"] == "0123456789abcdef0123456789abcdef01234567", published
assert published["branch"] == "ci-dry-run", published
assert len(published["contracts"]) == len(pacts), published["contracts"]
for contract in published["contracts"]:
    key = contract["consumerName"] + "/" + contract["providerName"]
    assert key in pacts, key
    assert published["pacticipantName"] == contract["consumerName"]
    # The CLI re-serializes the pact (order, metadata, content-type spelling): compare what a provider verifies.
    def essence(pact):
        return {i["description"]: (i.get("providerStates"), i["request"]["method"], i["request"]["path"],
                                   i["request"].get("query"), i["request"].get("headers"), i["request"].get("generators"),
                                   i["response"]["status"], i["response"].get("body", {}).get("content"),
                                   i["response"].get("matchingRules", {}).get("body"))
                for i in pact["interactions"]}
    sent = json.loads(base64.b64decode(contract["content"]))
    assert essence(sent) == essence(pacts[key]), "the published interactions differ from contracts/"
    print("ok: publish sent", key, "at version", published["pacticipantVersionNumber"][:12], "on branch", published["branch"])
PY

expect_to_reach_broker() {
  local name=$1 path=$2
  shift 2
  local status=0
  : > "$work/requests.log"
  "$@" > "$work/$name.log" 2>&1 || status=$?
  if [ "$status" -eq 2 ] || grep -q '^Usage:' "$work/$name.log"; then
    cat "$work/$name.log" >&2
    echo "FAILED: $name: the CLI refused its arguments" >&2
    exit 1
  fi
  grep -q "^GET $path" "$work/requests.log" \
    || { cat "$work/$name.log" "$work/requests.log" >&2; echo "FAILED: $name never asked the broker for $path" >&2; exit 1; }
  echo "ok: $name: arguments accepted, asked the broker for $path"
}
expect_to_reach_broker can-i-deploy /matrix scripts/pact-broker.sh can-i-deploy production
expect_to_reach_broker record-deployment /pacticipants/ scripts/pact-broker.sh record-deployment production
expect_to_reach_broker verify-provider / scripts/pact-broker.sh verify-provider http://127.0.0.1:9/
