#!/usr/bin/env bash
# A provider team can follow contracts/PROVIDER.md alone. In an empty git repository in a temp dir
# (outside this repository), with the provider written from the guide (src/tests/provider-from-guide/
# provider.py, copied there) running, this runs the guide's own commands, taken from the fenced blocks
# after its <!-- guide-step: NAME --> markers, so that a change to the commands is what gets tested:
#   install        must install the pinned verifier into .pact/, at the version package.json pins
#   verify-url     must verify the contract fetched from a URL (the stand-in broker's pact URL), with a
#                  teardown for every setup
#   verify-broker  must verify from the stand-in broker (scripts/fake-pact-broker.py) and publish the
#                  results under the temp repository's commit and branch
#   deploy         can-i-deploy and record-deployment must get as far as asking the broker
# It also checks that the guide names every state the contract uses.
# Needs: Node.js (npm, and the npm registry), Python 3, git.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
guide=contracts/PROVIDER.md
pact=contracts/passport-customers-java-passport-paas-customers.json

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# step NAME: the shell block after <!-- guide-step: NAME --> in the guide.
step() {
  python3 - "$guide" "$1" <<'PY'
import re, sys
text, name = open(sys.argv[1]).read(), sys.argv[2]
found = re.findall(r"<!-- guide-step: " + re.escape(name) + r" -->\n```sh\n(.*?)```", text, re.S)
if len(found) != 1:
    sys.exit(f"{sys.argv[1]} has {len(found)} blocks marked guide-step: {name}")
print(found[0], end="")
PY
}
for name in install verify-url verify-broker deploy; do step "$name" > "$work/$name.sh"; done

python3 - "$guide" "$pact" "$work/install.sh" <<'PY'
import json, re, sys
guide, pact, install = (open(sys.argv[1]).read(), json.load(open(sys.argv[2])), open(sys.argv[3]).read())
pinned = json.load(open("package.json"))["devDependencies"]["@pact-foundation/pact-cli"]
assert f"@pact-foundation/pact-cli@{pinned}" in install, f"the guide installs another version than package.json's {pinned}: {install}"
named = set(re.findall(r"^\| `([^`]+)` \|", guide, re.M))
used = {s["name"] for i in pact["interactions"] for s in i["providerStates"]}
assert used <= named, f"states the contract uses and the guide's table does not name: {used - named}"
print(f"ok: the guide installs @pact-foundation/pact-cli@{pinned} and names all {len(used)} states")
PY

provider_repo=$work/provider-repo
mkdir -p "$provider_repo"
cp src/tests/provider-from-guide/provider.py "$provider_repo/"
git -C "$provider_repo" init -q -b main
git -C "$provider_repo" -c user.name=provider -c user.email=provider@example.com add provider.py
git -C "$provider_repo" -c user.name=provider -c user.email=provider@example.com commit -q -m "the provider"

# start NAME COMMAND...: runs COMMAND in the background, waits for the port it prints first, sets $port.
start() {
  local name=$1; shift
  "$@" > "$work/$name.port" 2> "$work/$name.err" &
  pids+=($!)
  for _ in $(seq 1 100); do [ -s "$work/$name.port" ] && break; sleep 0.05; done
  port=$(head -1 "$work/$name.port")
  [ -n "$port" ] || { cat "$work/$name.err" >&2; echo "$name did not start" >&2; exit 1; }
}
start provider python3 "$provider_repo/provider.py"
provider_port=$port
start broker python3 scripts/fake-pact-broker.py "$work/requests.log" "$work/published.json" --pact "$pact" \
  --results "$work/results.json"
broker_port=$port

# run NAME [VAR=VALUE...]: the guide's block NAME, in the provider's repository, with only the
# variables the guide says to set (and VARs).
run() {
  local name=$1; shift
  # The caller's environment (npm may need its CA settings), less anything of this repository's scripts.
  (cd "$provider_repo" && env -u VERSION -u BRANCH -u PACT_BIN_DIR -u PACTICIPANT -u PACT_BROKER_TOKEN \
    -u PROVIDER_STATES_URL -u PACT_DO_NOT_TRACK -u PACT_BROKER_BASE_URL \
    PROVIDER_HOST=127.0.0.1 PROVIDER_PORT="$provider_port" \
    STATE_CHANGE_URL="http://127.0.0.1:$provider_port/_pact/provider-states" "$@" \
    bash ${BASH_OPTS:--eo pipefail} "$work/$name.sh") > "$work/$name.log" 2>&1
}
broker="PACT_BROKER_BASE_URL=http://127.0.0.1:$broker_port"

run install || { cat "$work/install.log" >&2; echo "FAILED: the guide's install step" >&2; exit 1; }
echo "ok: install: $(du -sh "$provider_repo/.pact" | cut -f1) in .pact/, $(ls "$provider_repo/.pact/node_modules/@pact-foundation" | wc -l) packages"

: > "$work/provider.err"
run verify-url \
  PACT_URL="http://127.0.0.1:$broker_port/pacts/provider/passport-paas-customers/consumer/passport-customers-java/latest" || { cat "$work/verify-url.log" >&2; echo "FAILED: the guide's verify-url step" >&2; exit 1; }
setups=$(grep -c '^setup: ' "$work/provider.err" || true)
teardowns=$(grep -c '^teardown: ' "$work/provider.err" || true)
[ "$setups" -gt 0 ] && [ "$setups" = "$teardowns" ] \
  || { echo "FAILED: verify-url: $setups setups but $teardowns teardowns" >&2; exit 1; }
echo "ok: verify-url: the contract from a URL verifies, $setups setups and $teardowns teardowns"

run verify-broker "$broker" || { cat "$work/verify-broker.log" >&2; echo "FAILED: the guide's verify-broker step" >&2; exit 1; }
python3 - "$work" "$(git -C "$provider_repo" rev-parse HEAD)" <<'PY'
import json, sys
work, version = sys.argv[1], sys.argv[2]
results = json.load(open(f"{work}/results.json"))
assert results["providerApplicationVersion"] == version and results["success"] is True, results
requests = open(f"{work}/requests.log").read().splitlines()
assert f"PUT /pacticipants/passport-paas-customers/branches/main/versions/{version}" in requests, requests
print(f"ok: verify-broker: verified from the broker, success published for {version[:12]} on branch main")
PY

: > "$work/requests.log"
status=0
# Every command of the block runs (no -e): the stand-in answers can-i-deploy with 404, as it knows no matrix.
BASH_OPTS=+e run deploy "$broker" PACT_BROKER_HTTP_RETRIES=0 || status=$?
if [ "$status" = 2 ] || grep -q '^Usage:' "$work/deploy.log" \
    || ! grep -q '^GET /matrix' "$work/requests.log" \
    || ! grep -q '^GET /pacticipants/passport-paas-customers' "$work/requests.log"; then
  cat "$work/deploy.log" "$work/requests.log" >&2; cat "$work/deploy.sh" >&2
  echo "FAILED: the guide's deploy step did not reach the broker with valid arguments" >&2; exit 1
fi
echo "ok: deploy: can-i-deploy and record-deployment reach the broker (the stand-in knows no matrix)"
