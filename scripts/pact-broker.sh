#!/usr/bin/env bash
# The Pact Broker workflow for contracts/, with the one pinned package of Pact CLIs
# (@pact-foundation/pact-cli, version in package.json; scripts/install-pact-cli.sh), for both sides.
#
# Consumer side, run in this repository (participant name and pacts from contracts/):
#   scripts/pact-broker.sh publish                        publish contracts/ for this commit and branch
#   scripts/pact-broker.sh can-i-deploy ENVIRONMENT       before deploying the client
#   scripts/pact-broker.sh record-deployment ENVIRONMENT  after deploying it
# Provider side, run in the PROVIDER's repository (this one file is all it needs of ours; the verifier as
# contracts/PROVIDER.md installs it, in .pact/, or PACT_BIN_DIR):
#   PACTICIPANT=provider scripts/pact-broker.sh verify-provider PROVIDER_BASE_URL
#                                                         verify what the broker selects, pending and WIP, and publish
#   PACTICIPANT=provider scripts/pact-broker.sh can-i-deploy ENVIRONMENT
#   PACTICIPANT=provider scripts/pact-broker.sh record-deployment ENVIRONMENT
#
# Environment: PACT_BROKER_BASE_URL (required), PACT_BROKER_TOKEN (optional), PACTICIPANT (consumer, the
# default, or provider; verify-provider is always the provider), VERSION and BRANCH (default: the commit
# and branch of the git repository of the side that runs it: this repository for the consumer, the
# current directory's for the provider; the provider side refuses to take them from this repository),
# RETRY_WHILE_UNKNOWN (can-i-deploy: how many times to ask again, 10 s apart, while a verification is
# missing; default 6), PACT_BROKER_HTTP_RETRIES (default 8), and for verify-provider
# PROVIDER_STATES_URL (default: PROVIDER_BASE_URL + /_pact/provider-states) and WIP_SINCE (default
# 2026-01-01). verify-provider exits non-zero when verification fails and also when the results could
# not be published (the verifier itself only logs that).
set -euo pipefail

# The provider's name, as ContractBodies.PROVIDER writes it into contracts/ (check-broker-commands.sh
# fails when they differ): the provider side has no contracts/ to read it from.
PROVIDER=passport-paas-customers
here=$(cd "$(dirname "$0")/.." && pwd)
: "${PACT_BROKER_BASE_URL:?set PACT_BROKER_BASE_URL to the base URL of the broker}"
export PACT_BROKER_BASE_URL PACT_DO_NOT_TRACK=true
[ -z "${PACT_BROKER_TOKEN:-}" ] || export PACT_BROKER_TOKEN
retries=${PACT_BROKER_HTTP_RETRIES:-8}

command=${1:-}
side=${PACTICIPANT:-consumer}
[ "$command" != verify-provider ] || side=provider
case "$side" in
  consumer)
    cd "$here"
    bin=${PACT_BIN_DIR:-$(scripts/install-pact-cli.sh)}
    pacticipant=$(python3 -c 'import glob, json
names = {json.load(open(p))["consumer"]["name"] for p in glob.glob("contracts/*.json")}
assert len(names) == 1, "contracts/ names %r" % names
print(names.pop())')
    VERSION=${VERSION:-$(git rev-parse HEAD)}
    BRANCH=${BRANCH:-$(git rev-parse --abbrev-ref HEAD)}
    ;;
  provider)
    bin=${PACT_BIN_DIR:-.pact/node_modules/.bin}
    [ -x "$bin/pact-verifier" ] || { echo "missing $bin/pact-verifier: install it as contracts/PROVIDER.md says (npm install ... --prefix .pact @pact-foundation/pact-cli@VERSION), or set PACT_BIN_DIR" >&2; exit 2; }
    pacticipant=$PROVIDER
    if [ -z "${VERSION:-}" ] || [ -z "${BRANCH:-}" ]; then
      top=$(git rev-parse --show-toplevel 2>/dev/null) \
        || { echo "run the provider side in the provider's git repository, or set VERSION and BRANCH to the provider's commit and branch" >&2; exit 2; }
      [ "$top" != "$here" ] \
        || { echo "this is the consumer's repository: run the provider side in the provider's repository, or set VERSION and BRANCH to the provider's commit and branch" >&2; exit 2; }
      VERSION=${VERSION:-$(git rev-parse HEAD)}
      BRANCH=${BRANCH:-$(git rev-parse --abbrev-ref HEAD)}
      [ "$BRANCH" != HEAD ] || { echo "the provider's checkout is on no branch (detached HEAD): set BRANCH" >&2; exit 2; }
    fi
    ;;
  *) echo "PACTICIPANT must be consumer or provider, but was '$side'" >&2; exit 2 ;;
esac

case "$command" in
  publish)
    [ "$side" = consumer ] || { echo "publish is the consumer's step" >&2; exit 2; }
    "$bin/pact-broker" publish contracts/*.json --consumer-app-version "$VERSION" --branch "$BRANCH" \
      --validate --retries "$retries"
    ;;
  can-i-deploy)
    environment=${2:?usage: $0 can-i-deploy ENVIRONMENT}
    "$bin/pact-broker" can-i-deploy --pacticipant "$pacticipant" --version "$VERSION" \
      --to-environment "$environment" --retry-while-unknown "${RETRY_WHILE_UNKNOWN:-6}" --retry-interval 10 \
      --retries "$retries"
    ;;
  record-deployment)
    environment=${2:?usage: $0 record-deployment ENVIRONMENT}
    "$bin/pact-broker" record-deployment --pacticipant "$pacticipant" --version "$VERSION" \
      --environment "$environment" --retries "$retries"
    ;;
  verify-provider)
    provider_url=${2:?usage: $0 verify-provider PROVIDER_BASE_URL}
    provider_url=${provider_url%/}
    hostport=${provider_url#*://}
    hostport=${hostport%%/*}
    scheme=${provider_url%%://*}
    port=${hostport##*:}
    [ "$port" != "$hostport" ] || port=$([ "$scheme" = https ] && echo 443 || echo 80)
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    status=0
    "$bin/pact-verifier" --broker-url "$PACT_BROKER_BASE_URL" --provider-name "$PROVIDER" \
      --consumer-version-selectors '{"mainBranch": true}' \
      --consumer-version-selectors '{"matchingBranch": true}' \
      --consumer-version-selectors '{"deployedOrReleased": true}' \
      --enable-pending --include-wip-pacts-since "${WIP_SINCE:-2026-01-01}" \
      --provider-version "$VERSION" --provider-branch "$BRANCH" --publish \
      --transport "$scheme" --hostname "${hostport%:*}" --port "$port" \
      --state-change-url "${PROVIDER_STATES_URL:-$provider_url/_pact/provider-states}" --state-change-teardown \
      --no-colour 2>&1 | tee "$log" || status=$?
    [ "$status" = 0 ] || exit "$status"
    if grep -q 'Publishing of verification results failed' "$log"; then
      echo "the verification results were not published to $PACT_BROKER_BASE_URL (see the ERROR above)" >&2
      exit 1
    fi
    echo "verified $PROVIDER $VERSION on branch $BRANCH; results published to $PACT_BROKER_BASE_URL"
    ;;
  *)
    sed -n '2,28p' "$0" >&2
    exit 2
    ;;
esac
