#!/usr/bin/env bash
# Bi-directional check of contracts/ against openapi/customers.yaml with @pactflow/swagger-mock-validator
# (pinned in package.json), failing on any error or warning. Then it shows that the check bites: a copy of
# the contract with one query parameter misspelled, and a copy with Authorization dropped from every
# request, must each fail with the finding that names the slip.
# Needs: npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."

validator=node_modules/.bin/swagger-mock-validator
spec=openapi/customers.yaml
[ -x "$validator" ] || { echo "missing $validator: run npm ci first" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# validate PACT OUT: runs the validator, keeps its report in OUT; true when it found no error and no warning.
validate() {
  local status=0
  "$validator" "$spec" "$1" > "$2" 2>&1 || status=$?
  [ "$status" -eq 0 ] && grep -q '^0 error(s)$' "$2" && grep -q '^0 warning(s)$' "$2"
}

for pact in contracts/*.json; do
  if ! validate "$pact" "$work/report.txt"; then
    cat "$work/report.txt" >&2
    echo "FAILED: $pact does not fit $spec (errors and warnings both fail)" >&2
    exit 1
  fi
  echo "ok: $pact fits $spec (0 errors, 0 warnings)"

  # The two slips the Java cross-check (ContractsMatchSpecTest) cannot see.
  python3 - "$pact" "$work" <<'PY'
import json, sys
pact, work = sys.argv[1], sys.argv[2]
original = json.load(open(pact))

misspelled = json.loads(json.dumps(original))
renamed = 0
for interaction in misspelled["interactions"]:
    query = interaction["request"].get("query") or {}
    if "page_params.page_size" in query:
        query["page_params.pagesize"] = query.pop("page_params.page_size")
        renamed += 1
assert renamed, "no interaction sends page_params.page_size"
json.dump(misspelled, open(work + "/misspelled-query.json", "w"))

unauthorized = json.loads(json.dumps(original))
dropped = 0
for interaction in unauthorized["interactions"]:
    headers = interaction["request"].get("headers") or {}
    if headers.pop("Authorization", None) is not None:
        dropped += 1
assert dropped, "no interaction sends Authorization"
json.dump(unauthorized, open(work + "/no-authorization.json", "w"))
PY
  for slip in "misspelled-query:request.query.unknown" "no-authorization:request.authorization.missing"; do
    name=${slip%%:*}
    finding=${slip#*:}
    if validate "$work/$name.json" "$work/$name.txt"; then
      echo "FAILED: a copy of $pact with the slip '$name' passed swagger-mock-validator" >&2
      exit 1
    fi
    grep -q "$finding" "$work/$name.txt" \
      || { cat "$work/$name.txt" >&2; echo "FAILED: '$name' failed without the finding $finding" >&2; exit 1; }
    echo "ok: a copy with the slip '$name' fails ($finding)"
  done
done
