#!/usr/bin/env bash
# Installs the Pact CLIs as a provider team gets them (contracts/PROVIDER.md): the one pinned package
# @pact-foundation/pact-cli (npm adds only its binary for this platform), not the consumer's whole
# lock. Its version is stated once, in package.json's devDependencies; contracts/PROVIDER.md quotes it
# and scripts/check-provider-guide.sh fails when the two differ.
#
#   scripts/install-pact-cli.sh [DIR]    installs into DIR (default target/pact-cli) unless that version
#                                        is there already, and prints DIR/node_modules/.bin
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(python3 -c 'import json; print(json.load(open("package.json"))["devDependencies"]["@pact-foundation/pact-cli"])')
dir=${1:-target/pact-cli}
installed=$(python3 -c 'import json, sys
try: print(json.load(open(sys.argv[1]))["version"])
except OSError: pass' "$dir/node_modules/@pact-foundation/pact-cli/package.json")
if [ "$installed" != "$version" ]; then
  mkdir -p "$dir"
  npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund --loglevel=error \
    --prefix "$dir" "@pact-foundation/pact-cli@$version" >&2
fi
[ -x "$dir/node_modules/.bin/pact-verifier" ] || { echo "no pact-verifier in $dir after installing @pact-foundation/pact-cli@$version" >&2; exit 1; }
echo "$(cd "$dir/node_modules/.bin" && pwd)"
