#!/usr/bin/env bash
# Proves, beyond "it generated", that the clients other teams generate from openapi/customers.yaml work:
#   1. Installs the pinned Python packages (smoke/python/requirements.txt) into target/python-venv; Go
#      modules and Rust crates go to target/go and target/cargo-home (nothing global is touched).
#   2. Runs the documentation's "generate and list all customers" block of every language (docs/other-languages.md
#      today; README.md, docs/*.md and CONTRIBUTING.md are read), line by line, exactly
#      as written, against a sandbox of 250 customers: generate, build, tests, list every customer. The
#      comment that ends each line (# generate, # build, # test, # list) is the column it counts for.
#   3. Runs each listing program once more against pact-stub-server serving contracts/ (contract mode,
#      with the page size and token from the contract's own examples: scripts/contract-stub-params.py).
#   4. Schemathesis (pinned) against a fresh sandbox: all operations, all checks, fixed seed and count.
#   5. The HTML API reference (Redocly, self-contained) in target/api-reference/index.html.
# Prints one line per language (generated, built, tests, smoke vs sandbox, smoke vs contract stub) and the
# Schemathesis summary, with run times. Needs: npm ci, ./mvnw package (the CLI jar, for the sandbox),
# python3 (3.11+), go (1.26+) and cargo (1.95+) on PATH: the versions CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export REDOCLY_TELEMETRY=off NO_UPDATE_NOTIFIER=1 PACT_DO_NOT_TRACK=true PIP_DISABLE_PIP_VERSION_CHECK=1
# Go modules and build cache, and Cargo's registry, under target/ (writable module cache: rm -rf works).
export GOMODCACHE="$root/target/go/mod" GOCACHE="$root/target/go/cache" GOTOOLCHAIN=local GOFLAGS=-modcacherw
export CARGO_HOME="$root/target/cargo-home"

jar=target/passport-customers-cli.jar
pact=contracts/passport-customers-java-passport-paas-customers.json
languages="java kotlin typescript python go rust csharp"
logs=target/client-checks
[ -f "$jar" ] || { echo "missing $jar: run ./mvnw -DskipTests package first" >&2; exit 2; }
[ -x node_modules/.bin/tsc ] || { echo "missing node_modules/.bin/tsc: run npm ci first" >&2; exit 2; }
for tool in python3 go cargo; do
  command -v "$tool" >/dev/null || { echo "missing $tool on PATH (.ci/run says where each is expected)" >&2; exit 2; }
done
rm -rf "$logs" && mkdir -p "$logs"

now() { date +%s%N; }
secs() { local ms=$(( ($(now) - $1) / 1000000 )); printf '%d.%01d s' $((ms / 1000)) $((ms % 1000 / 100)); }
declare -A cell   # cell[language,column] = "ok 12.3 s" (columns: generate build test list stub)

# --- the documentation's blocks -----------------------------------------------------------------------
# The pages the blocks may stand on, wherever they move among them.
pages=(README.md docs/*.md CONTRIBUTING.md)
# snippet LANGUAGE: the lines of the sh block after "<!-- check-generated-clients: LANGUAGE -->", on
# whichever page it stands; fails unless exactly one page has that marker, once.
snippet() {
  local marker="<!-- check-generated-clients: $1 -->" count
  count=$(cat "${pages[@]}" | grep -c -x -F -- "$marker" || true)
  [ "$count" = 1 ] || { echo "${pages[*]}: $count blocks marked $marker, not 1" >&2; return 1; }
  awk -v marker="$marker" '
    FNR == 1 { found = 0 }
    $0 == marker { found = 1; next }
    found && /^```sh$/ { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }' "${pages[@]}"
}

# run_line LANGUAGE LINE: runs one line of a block as written; adds its time to the column its comment names.
run_line() {
  local language=$1 line=$2 column start log
  column=$(sed -E -n 's/.*#[[:space:]]*(generate|build|test|list)([[:space:]]+\(.*\))?[[:space:]]*$/\1/p' <<< "$line")
  [ -n "$column" ] || { echo "the $language block: a line without # generate|build|test|list: $line" >&2; exit 1; }
  log="$logs/$language-$column.log"
  echo "\$ $line" >> "$log"
  start=$(now)
  # Bounded: no line of a block may take more than 20 minutes.
  if ! timeout 1200 bash -euo pipefail -c "$line" >> "$log" 2>&1; then
    tail -40 "$log" >&2
    echo "$language: the documented line failed (whole log: $log): $line" >&2
    exit 1
  fi
  local took; took=$(secs "$start")
  if [ -n "${cell[$language,$column]:-}" ]; then
    # Several lines in one column: the times add up.
    local before=${cell[$language,$column]#ok }; before=${before% s}
    took=$(awk -v a="$before" -v b="${took% s}" 'BEGIN { printf "%.1f s", a + b }')
  fi
  cell[$language,$column]="ok $took"
  if [ "$column" = list ]; then grep -h 'client: listed' "$log" | tail -1 || tail -1 "$log"; fi
}

# The expected warnings, each explained in generated-config/ (Python's one; the Rust generator's renames of
# the dotted parameter names, Retry-After and `type`); any other fails.
expected_warnings='Failed to get the schema name: null'
expected_warnings+='|cannot be used as a (field/variable|parameter|model|enum) name\. Renamed to [A-Za-z_#]+$'

echo "== pinned tools into target/: Python packages (pip), then every documented block against a sandbox"
start=$(now)
python3 -m venv target/python-venv
target/python-venv/bin/pip install -q -r smoke/python/requirements.txt
echo "python: $(target/python-venv/bin/python --version), $(target/python-venv/bin/pip list 2>/dev/null | wc -l) packages pinned"
install_time=$(secs "$start")

# shellcheck source=scripts/sandbox.sh
. scripts/sandbox.sh
# shellcheck source=scripts/contract-stub.sh
. scripts/contract-stub.sh
start_sandbox --customers 250
export BASE_URL=$SANDBOX_URL
for language in $languages; do
  echo "== $language"
  lines=$(snippet "$language")
  [ -n "$lines" ] || { echo "${pages[*]}: the block for $language is empty" >&2; exit 1; }
  while IFS= read -r line; do
    [ -n "$line" ] && run_line "$language" "$line"
  done <<< "$lines"
  warnings=$(cat "$logs/$language"-*.log | grep -E '^\[WARNING\]' | grep -v -E "$expected_warnings" || true)
  if [ -n "$warnings" ]; then
    echo "unexpected warnings while generating or building $language (logs: $logs/$language-*.log):" >&2
    echo "$warnings" >&2
    exit 1
  fi
  [ -s "target/generated-clients/$language/.openapi-generator/FILES" ] \
    || { echo "no $language client in target/generated-clients/$language" >&2; exit 1; }
done
stop_sandbox

# Java: the client other teams get is exactly the one ./mvnw verify compiled and tested.
diff -r target/generated-clients/java/src/main/java src/client/target/generated-sources/openapi/src/main/java
cell[java,build]="ok (./mvnw verify)"; cell[java,test]="ok (./mvnw verify)"
if find src/*/target/classes -path '*/customers/kotlin/*' | grep -q .; then
  echo "Kotlin client classes leaked into a module's target/classes (a jar)" >&2; exit 1
fi

echo "== each listing program against pact-stub-server serving $pact"
read -r stub_size stub_token < <(python3 scripts/contract-stub-params.py "$pact")
start_stub "$pact"
stub_run() { # stub_run LANGUAGE COMMAND...: one listing against the stub, timed
  local language=$1 start; shift
  start=$(now)
  if ! timeout 300 "$@" > "$logs/$language-stub.log" 2>&1; then
    cat "$logs/$language-stub.log" >&2
    echo "$language: the listing against the contract stub failed" >&2
    exit 1
  fi
  grep -h 'client: listed' "$logs/$language-stub.log" | tail -1 || tail -1 "$logs/$language-stub.log"
  cell[$language,stub]="ok $(secs "$start")"
}
stub_run java bash -euo pipefail -c 'java -jar "$1" list --all --base-url "$2" --token "$3" --page-size "$4" --format ndjson | wc -l' \
  java "$jar" "$STUB_URL" "$stub_token" "$stub_size"
stub_run kotlin java -cp "target/kotlin-client-classes:$(cat target/kotlin-client.classpath)" \
  io.passport.customers.kotlin.smoke.ListAllCustomersKt "$STUB_URL" "$stub_size" "$stub_token" contract
stub_run typescript node target/ts-smoke/smoke/typescript/list-all-customers.js "$STUB_URL" "$stub_size" "$stub_token" contract
stub_run python env PASSPORT_BASE_URL="$STUB_URL" PASSPORT_PAGE_SIZE="$stub_size" PASSPORT_TOKEN="$stub_token" \
  PASSPORT_MODE=contract target/python-venv/bin/python -m pytest -q -s -p no:cacheprovider smoke/python
stub_run go target/go/list-all-customers "$STUB_URL" "$stub_size" "$stub_token" contract
stub_run rust target/rust-smoke/debug/list-all-customers "$STUB_URL" "$stub_size" "$stub_token" contract
stop_stub

echo "== Schemathesis against a fresh sandbox: all operations, all checks and phases, seed 42, 200 examples each"
start_sandbox --customers 250
start=$(now)
if ! PYTHONPATH=scripts SCHEMATHESIS_HOOKS=schemathesis_hooks timeout 900 target/python-venv/bin/schemathesis --config-file scripts/schemathesis.toml run \
    openapi/customers.yaml --url "${SANDBOX_URL%/}" -H "Authorization: Bearer sandbox-token" \
    --checks all --phases examples,coverage,fuzzing,stateful --seed 42 --max-examples 200 \
    --generation-database none --workers 1 --no-color \
    --report junit --report-junit-path target/schemathesis-junit.xml > "$logs/schemathesis.log" 2>&1; then
  cat "$logs/schemathesis.log" >&2
  echo "Schemathesis found failures (whole log: $logs/schemathesis.log)" >&2
  exit 1
fi
schemathesis_time=$(secs "$start")
stop_sandbox
schemathesis_cases=$(grep -E '^ *[0-9]+ generated' "$logs/schemathesis.log" | sed 's/^ *//')
schemathesis_result=$(grep -E '^=+ .* in [0-9.]+s =+$' "$logs/schemathesis.log" | tr -d '=' | sed 's/^ *//; s/ *$//')

echo "== API reference (Redocly) into target/api-reference/index.html"
start=$(now)
npm run --silent docs
html=target/api-reference/index.html
# Self-contained: no script, style sheet or preload fetched from elsewhere.
if grep -o -i -E '<(script|link)[^>]*(src|href)="(https?:)?//[^"]*"' "$html"; then
  echo "$html loads something from the network" >&2; exit 1
fi
grep -q 'List customers' "$html" || { echo "$html does not show the List customers operation" >&2; exit 1; }
reference_time=$(secs "$start")

echo "== generated clients: what ran, and how long each step took"
printf '%-11s %-14s %-20s %-20s %-16s %-16s\n' language generated built tests "smoke: sandbox" "smoke: contract"
declare -A none=(
  [java,list]="" [kotlin,test]="- (none run)" [typescript,test]="- (none generated)"
  [rust,test]="- (none generated)" [csharp,test]="- (no .NET SDK)" [csharp,list]="- (no .NET SDK)"
  [csharp,stub]="- (no .NET SDK)"
)
for language in $languages; do
  row=()
  for column in generate build test list stub; do
    row+=("${cell[$language,$column]:-${none[$language,$column]:--}}")
  done
  printf '%-11s %-14s %-20s %-20s %-16s %-16s\n' "$language" "${row[@]}"
done
echo "csharp built = tree-sitter syntax check only; go tests = the generator's 3 t.Skip stubs, compiled and run"
echo "schemathesis: $schemathesis_result; $schemathesis_cases (seed 42, 200 examples per operation, no example database) in $schemathesis_time"
echo "pip install (pinned, into target/python-venv): $install_time; API reference: $reference_time"
