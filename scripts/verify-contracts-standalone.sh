#!/usr/bin/env bash
# Verifies every pact in contracts/ with the standalone (Rust) Pact verifier from @pact-foundation/pact-cli,
# against the sandbox started from the CLI jar, with provider states set through the sandbox's
# POST /_pact/provider-states endpoint: the same check a non-JVM team runs in its CI.
# Needs: ./mvnw package (for the jar) and npm ci (for the verifier).
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/passport-customers-cli.jar
verifier=node_modules/.bin/pact-verifier
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -DskipTests package first" >&2; exit 2; }
[ -x "$verifier" ] || { echo "missing $verifier: run npm ci first" >&2; exit 2; }

# shellcheck source=scripts/sandbox.sh
. scripts/sandbox.sh
start_sandbox
base_url=$SANDBOX_URL
hostport=${base_url#http://}
hostport=${hostport%/}

files=()
for pact in contracts/*.json; do files+=(--file "$pact"); done
echo "verifying ${files[*]} against the sandbox at $base_url"
PACT_DO_NOT_TRACK=true "$verifier" "${files[@]}" \
  --hostname "${hostport%:*}" --port "${hostport##*:}" \
  --state-change-url "${base_url}_pact/provider-states" --no-colour
