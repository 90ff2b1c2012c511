#!/usr/bin/env bash
# The Pact Broker workflow for contracts/, with the pinned CLIs from @pact-foundation/pact-cli (npm ci).
# The participant names come from the pact files themselves (written from ContractBodies.CONSUMER and
# .PROVIDER), so they are defined in one place.
#
#   scripts/pact-broker.sh publish                      consumer CI: publish contracts/ for this commit and branch
#   scripts/pact-broker.sh can-i-deploy ENVIRONMENT     before deploying the consumer (or the provider: PACTICIPANT=provider)
#   scripts/pact-broker.sh record-deployment ENVIRONMENT   after deploying it
#   scripts/pact-broker.sh verify-provider PROVIDER_BASE_URL   provider CI: verify what the broker selects, pending and WIP
#
# Environment: PACT_BROKER_BASE_URL (required), PACT_BROKER_TOKEN (optional), VERSION (default: the git
# commit), BRANCH (default: the git branch), PACTICIPANT (consumer, the default, or provider),
# RETRY_WHILE_UNKNOWN (can-i-deploy: how many times to ask again, 10 s apart, while a verification is
# missing; default 6), and for verify-provider PROVIDER_STATES_URL (default: PROVIDER_BASE_URL +
# _pact/provider-states) and WIP_SINCE (default 2026-01-01).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=node_modules/.bin
[ -x "$bin/pact-broker" ] || { echo "missing $bin/pact-broker: run npm ci first" >&2; exit 2; }
: "${PACT_BROKER_BASE_URL:?set PACT_BROKER_BASE_URL to the base URL of the broker}"
export PACT_BROKER_BASE_URL PACT_DO_NOT_TRACK=true
[ -z "${PACT_BROKER_TOKEN:-}" ] || export PACT_BROKER_TOKEN

participant() {
  python3 -c 'import glob, json, sys
names = {json.load(open(p))[sys.argv[1]]["name"] for p in glob.glob("contracts/*.json")}
assert len(names) == 1, "contracts/ names %r" % names
print(names.pop())' "$1"
}
CONSUMER=$(participant consumer)
PROVIDER=$(participant provider)
VERSION=${VERSION:-$(git rev-parse HEAD)}
BRANCH=${BRANCH:-$(git rev-parse --abbrev-ref HEAD)}
case "${PACTICIPANT:-consumer}" in
  consumer) pacticipant=$CONSUMER ;;
  provider) pacticipant=$PROVIDER ;;
  *) echo "PACTICIPANT must be consumer or provider, but was '$PACTICIPANT'" >&2; exit 2 ;;
esac

command=${1:-}
case "$command" in
  publish)
    "$bin/pact-broker" publish contracts/*.json --consumer-app-version "$VERSION" --branch "$BRANCH" \
      --validate --retries "${PACT_BROKER_HTTP_RETRIES:-8}"
    ;;
  can-i-deploy)
    environment=${2:?usage: $0 can-i-deploy ENVIRONMENT}
    "$bin/pact-broker" can-i-deploy --pacticipant "$pacticipant" --version "$VERSION" \
      --to-environment "$environment" --retry-while-unknown "${RETRY_WHILE_UNKNOWN:-6}" --retry-interval 10 \
      --retries "${PACT_BROKER_HTTP_RETRIES:-8}"
    ;;
  record-deployment)
    environment=${2:?usage: $0 record-deployment ENVIRONMENT}
    "$bin/pact-broker" record-deployment --pacticipant "$pacticipant" --version "$VERSION" \
      --environment "$environment" --retries "${PACT_BROKER_HTTP_RETRIES:-8}"
    ;;
  verify-provider)
    provider_url=${2:?usage: $0 verify-provider PROVIDER_BASE_URL}
    provider_url=${provider_url%/}
    hostport=${provider_url#*://}
    hostport=${hostport%%/*}
    scheme=${provider_url%%://*}
    port=${hostport##*:}
    [ "$port" != "$hostport" ] || port=$([ "$scheme" = https ] && echo 443 || echo 80)
    "$bin/pact-verifier" --broker-url "$PACT_BROKER_BASE_URL" --provider-name "$PROVIDER" \
      --consumer-version-selectors '{"mainBranch": true}' \
      --consumer-version-selectors '{"deployedOrReleased": true}' \
      --consumer-version-selectors '{"matchingBranch": true}' \
      --enable-pending --include-wip-pacts-since "${WIP_SINCE:-2026-01-01}" \
      --provider-version "$VERSION" --provider-branch "$BRANCH" --publish \
      --transport "$scheme" --hostname "${hostport%:*}" --port "$port" \
      --state-change-url "${PROVIDER_STATES_URL:-$provider_url/_pact/provider-states}" --no-colour
    ;;
  *)
    sed -n '2,17p' "$0" >&2
    exit 2
    ;;
esac
