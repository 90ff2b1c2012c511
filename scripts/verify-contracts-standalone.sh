#!/usr/bin/env bash
# Verifies every pact in contracts/ with the standalone (Rust) Pact verifier from @pact-foundation/pact-cli,
# as the team running the real API would: against a provider that shares nothing with the consumer's
# examples. The sandbox is started with another seed, no static token (only tokens it issues itself),
# and customers created from now on (after the contract's example snapshot, with ids the consumer never
# saw); every token, id, snapshot and client credential reaches the requests from the values its
# POST /_pact/provider-states endpoint returns.
# Then the control: the same verification without provider states (the examples alone) must fail, so
# the pass above cannot come from the examples happening to fit this provider.
# The verifier is asked for teardowns (--state-change-teardown), as contracts/PROVIDER.md does.
# Needs: ./mvnw package (for the jar); the verifier is the one pinned package (scripts/install-pact-cli.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/passport-customers-cli.jar
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -DskipTests package first" >&2; exit 2; }
verifier=$(scripts/install-pact-cli.sh)/pact-verifier

# shellcheck source=scripts/sandbox.sh
. scripts/sandbox.sh
start_sandbox --seed 9 --customers 40 --no-static-token --customers-created-since now
base_url=$SANDBOX_URL
hostport=${base_url#http://}
hostport=${hostport%/}

files=()
for pact in contracts/*.json; do files+=(--file "$pact"); done
verify() {
  PACT_DO_NOT_TRACK=true "$verifier" "${files[@]}" --hostname "${hostport%:*}" --port "${hostport##*:}" \
    --no-colour "$@"
}

echo "verifying ${files[*]} against a foreign provider (sandbox at $base_url: seed 9, no static token," \
  "customers created from now on)"
verify --state-change-url "${base_url%/}/_pact/provider-states" --state-change-teardown

echo "control: the same verification without provider states must fail"
log=$(mktemp)
trap 'rm -f "$log"; stop_sandbox' EXIT
if verify > "$log" 2>&1; then
  cat "$log" >&2
  echo "FAILED: contracts/ verified without provider states: some request does not depend on the provider's own values" >&2
  exit 1
fi
grep -q 'has status code 200 (FAILED)' "$log" \
  || { cat "$log" >&2; echo "FAILED: the control failed, but not because the example values were refused" >&2; exit 1; }
echo "ok: without provider states the example tokens and ids are refused, as a real provider refuses them"
