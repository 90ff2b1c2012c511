#!/usr/bin/env bash
# Keeps the broker workflow (scripts/pact-broker.sh) working for both sides without a broker server,
# against a stand-in broker on loopback (scripts/fake-pact-broker.py) that records what reaches it:
# - consumer: publish must send contracts/ itself, under the participant names in the pact, for this
#   version and branch;
# - provider, run from a git repository outside this one (as the provider team runs it, with only the
#   script): verify-provider must fetch the pact the stand-in serves with the mainBranch, matchingBranch
#   and deployedOrReleased selectors, pending and WIP pacts, verify it against the provider written from
#   contracts/PROVIDER.md, and publish the results under that repository's commit and branch; it must
#   exit non-zero when the provider fails, when the broker refuses the results, and refuse to run in
#   this repository or outside git without VERSION and BRANCH;
# - can-i-deploy and record-deployment, for both sides, must get as far as asking the broker (the
#   stand-in knows no matrix or versions; a usage error, exit code 2, fails this check).
# Needs: Node.js (npm), Python 3, git.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

PACT_BIN_DIR=$(scripts/install-pact-cli.sh)
export PACT_BIN_DIR
pact=contracts/passport-customers-java-passport-paas-customers.json
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME COMMAND...: runs COMMAND in the background, waits for the port it prints first, sets $port.
start() {
  local name=$1; shift
  "$@" > "$work/$name.port" 2> "$work/$name.err" &
  pids+=($!)
  for _ in $(seq 1 100); do [ -s "$work/$name.port" ] && break; sleep 0.05; done
  port=$(head -1 "$work/$name.port")
  [ -n "$port" ] || { cat "$work/$name.err" >&2; echo "$name did not start" >&2; exit 1; }
}

start broker python3 scripts/fake-pact-broker.py "$work/requests.log" "$work/published.json" --pact "$pact" \
  --selectors "$work/selectors.json" --results "$work/results.json"
export PACT_BROKER_BASE_URL="http://127.0.0.1:$port" PACT_BROKER_HTTP_RETRIES=0 RETRY_WHILE_UNKNOWN=0

# ---- consumer: publish ----
VERSION=0123456789abcdef0123456789abcdef01234567 BRANCH=ci-dry-run scripts/pact-broker.sh publish \
  > "$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; echo "FAILED: publish" >&2; exit 1; }
python3 - "$work/published.json" <<'PY'
import base64, glob, json, re, sys
published = json.load(open(sys.argv[1]))
pacts = {json.load(open(p))["consumer"]["name"] + "/" + json.load(open(p))["provider"]["name"]: json.load(open(p))
         for p in glob.glob("contracts/*.json")}
assert published["pacticipantVersionNumber"] == "0123456789abcdef0123456789abcdef01234567", published
assert published["branch"] == "ci-dry-run", published
assert len(published["contracts"]) == len(pacts), published["contracts"]
script_provider = re.search(r"^PROVIDER=(\S+)$", open("scripts/pact-broker.sh").read(), re.M).group(1)
for contract in published["contracts"]:
    key = contract["consumerName"] + "/" + contract["providerName"]
    assert key in pacts, key
    assert published["pacticipantName"] == contract["consumerName"]
    assert contract["providerName"] == script_provider, \
        f"scripts/pact-broker.sh names the provider {script_provider}, contracts/ {contract['providerName']}"
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

# ---- provider: verify-provider from the provider's own repository ----
provider_repo=$work/provider-repo
mkdir -p "$provider_repo"
cp src/tests/provider-from-guide/provider.py "$provider_repo/"
git -C "$provider_repo" init -q -b feature/pinned-pages
git -C "$provider_repo" -c user.name=provider -c user.email=provider@example.com add provider.py
git -C "$provider_repo" -c user.name=provider -c user.email=provider@example.com commit -q -m "the provider"
provider_version=$(git -C "$provider_repo" rev-parse HEAD)
start provider python3 "$provider_repo/provider.py"
provider_url="http://127.0.0.1:$port/"
start broken-provider python3 "$provider_repo/provider.py" --break 401-for-403
broken_url="http://127.0.0.1:$port/"

(cd "$provider_repo" && unset VERSION BRANCH && "$repo/scripts/pact-broker.sh" verify-provider "$provider_url") \
  > "$work/verify.log" 2>&1 || { cat "$work/verify.log" >&2; echo "FAILED: verify-provider from the provider's repository" >&2; exit 1; }
python3 - "$work" "$provider_version" <<'PY'
import json, sys
work, version = sys.argv[1], sys.argv[2]
selectors = json.load(open(f"{work}/selectors.json"))
assert selectors["consumerVersionSelectors"] == [{"mainBranch": True}, {"matchingBranch": True}, {"deployedOrReleased": True}], selectors
assert selectors["includePendingStatus"] is True and selectors["includeWipPactsSince"] == "2026-01-01", selectors
assert selectors["providerVersionBranch"] == "feature/pinned-pages", selectors
requests = open(f"{work}/requests.log").read().splitlines()
branch_version = f"PUT /pacticipants/passport-paas-customers/branches/feature%2Fpinned-pages/versions/{version}"
assert any(r in (branch_version, branch_version.replace("%2F", "/")) for r in requests), requests
results = json.load(open(f"{work}/results.json"))
assert results["providerApplicationVersion"] == version and results["success"] is True, results
print("ok: verify-provider, run from the provider's repository, published success for", version[:12],
      "on branch feature/pinned-pages, with the mainBranch, matchingBranch and deployedOrReleased selectors, pending and WIP")
PY

rm -f "$work/results.json"
if (cd "$provider_repo" && "$repo/scripts/pact-broker.sh" verify-provider "$broken_url") > "$work/broken.log" 2>&1; then
  cat "$work/broken.log" >&2; echo "FAILED: verify-provider passed a provider that answers 401 for 403" >&2; exit 1
fi
python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); assert r["success"] is False, r' "$work/results.json" \
  || { echo "FAILED: the failed verification was not published as a failure" >&2; exit 1; }
echo "ok: verify-provider fails a provider that answers 401 for 403, and publishes the failure"

expect_refusal() {
  local what=$1 dir=$2 expected=$3 status=0; shift 3
  (cd "$dir" && unset VERSION BRANCH && "$repo/scripts/pact-broker.sh" verify-provider "$provider_url") \
    > "$work/refusal.log" 2>&1 || status=$?
  if [ "$status" = 0 ] || ! grep -q "$expected" "$work/refusal.log"; then
    cat "$work/refusal.log" >&2; echo "FAILED: verify-provider $what: exit $status" >&2; exit 1
  fi
  echo "ok: verify-provider $what: exit $status, \"$expected\""
}
mkdir -p "$work/not-git/.pact/node_modules"
ln -s "$PACT_BIN_DIR" "$work/not-git/.pact/node_modules/.bin"
expect_refusal "refuses to run outside git without VERSION and BRANCH" "$work/not-git" "set VERSION and BRANCH"
expect_refusal "refuses the consumer's repository as the provider's" "$repo" "this is the consumer's repository"

start refusing-broker python3 scripts/fake-pact-broker.py "$work/refusing.log" "$work/unused.json" --pact "$pact" --refuse-results
if (cd "$provider_repo" && PACT_BROKER_BASE_URL="http://127.0.0.1:$port" "$repo/scripts/pact-broker.sh" verify-provider \
    "$provider_url") > "$work/refused.log" 2>&1; then
  cat "$work/refused.log" >&2; echo "FAILED: verify-provider exited 0 though the broker refused the results" >&2; exit 1
fi
grep -q 'were not published' "$work/refused.log" || { cat "$work/refused.log" >&2; echo "FAILED: no word of the refused results" >&2; exit 1; }
echo "ok: verify-provider exits non-zero when the broker refuses the results"

# ---- can-i-deploy and record-deployment, both sides ----
expect_to_reach_broker() {
  local name=$1 dir=$2 path=$3
  shift 3
  local status=0
  : > "$work/requests.log"
  (cd "$dir" && "$@") > "$work/$name.log" 2>&1 || status=$?
  if [ "$status" -eq 2 ] || grep -q '^Usage:' "$work/$name.log"; then
    cat "$work/$name.log" >&2
    echo "FAILED: $name: the CLI refused its arguments" >&2
    exit 1
  fi
  grep -q "^GET $path" "$work/requests.log" \
    || { cat "$work/$name.log" "$work/requests.log" >&2; echo "FAILED: $name never asked the broker for $path" >&2; exit 1; }
  echo "ok: $name: arguments accepted, asked the broker for $path"
}
export VERSION=0123456789abcdef0123456789abcdef01234567 BRANCH=ci-dry-run
expect_to_reach_broker "consumer can-i-deploy" "$repo" /matrix scripts/pact-broker.sh can-i-deploy production
expect_to_reach_broker "consumer record-deployment" "$repo" /pacticipants/passport-customers-java scripts/pact-broker.sh record-deployment production
unset VERSION BRANCH
mkdir -p "$provider_repo/.pact/node_modules"
ln -s "$PACT_BIN_DIR" "$provider_repo/.pact/node_modules/.bin"
expect_to_reach_broker "provider can-i-deploy" "$provider_repo" /matrix \
  env -u PACT_BIN_DIR PACTICIPANT=provider "$repo/scripts/pact-broker.sh" can-i-deploy production
expect_to_reach_broker "provider record-deployment" "$provider_repo" /pacticipants/passport-paas-customers \
  env -u PACT_BIN_DIR PACTICIPANT=provider "$repo/scripts/pact-broker.sh" record-deployment production
